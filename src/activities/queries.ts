/** SQL of activities as the directory shows them: a person's participations, an organisation's partner roles and the people it sent. */
import { count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { activities, activityPartners, organizations, participations } from "../db/schema";

const activityColumns = {
  activityId: activities.id,
  title: activities.title,
  kind: activities.kind,
  activityStatus: activities.status,
  startDate: activities.startDate,
  endDate: activities.endDate,
};
const newestFirst = [desc(activities.startDate), desc(activities.id)];

/** Every activity the person took part in, with the organisation they represented then (the snapshot, not today's job). */
export async function listPersonParticipations(db: Db, personId: number) {
  return db
    .select({
      ...activityColumns,
      role: participations.role,
      status: participations.status,
      organizationId: participations.organizationId,
      // The name as it was recorded; an organisation renamed since still shows what the roster said.
      organizationName: sql<
        string | null
      >`coalesce(${participations.organizationName}, ${organizations.name})`,
    })
    .from(participations)
    .innerJoin(activities, eq(activities.id, participations.activityId))
    .leftJoin(organizations, eq(organizations.id, participations.organizationId))
    .where(eq(participations.personId, personId))
    .orderBy(...newestFirst);
}

/** The activities the organisation co-organised, one row per role it had (lead and venue are two rows). */
export async function listOrganizationPartnerRoles(db: Db, organizationId: number) {
  return db
    .select({ ...activityColumns, role: activityPartners.role, contribution: activityPartners.contribution })
    .from(activityPartners)
    .innerJoin(activities, eq(activities.id, activityPartners.activityId))
    .where(eq(activityPartners.organizationId, organizationId))
    .orderBy(...newestFirst);
}

/** Per activity, how many people took part on the organisation's behalf and how many of them attended. */
export async function listParticipantsSent(db: Db, organizationId: number) {
  return db
    .select({
      ...activityColumns,
      sent: count(),
      attended: sql<number>`count(*) filter (where ${participations.status} = 'attended')`.mapWith(Number),
    })
    .from(participations)
    .innerJoin(activities, eq(activities.id, participations.activityId))
    .where(eq(participations.organizationId, organizationId))
    .groupBy(activities.id)
    .orderBy(...newestFirst);
}

export type PersonParticipation = Awaited<ReturnType<typeof listPersonParticipations>>[number];
export type OrganizationPartnerRole = Awaited<ReturnType<typeof listOrganizationPartnerRoles>>[number];
export type ParticipantsSent = Awaited<ReturnType<typeof listParticipantsSent>>[number];
