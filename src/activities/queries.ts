/**
 * All SQL of activities: the list and one activity with its partners and roster counts, the audited writes, and as the
 * directory shows them (a person's participations, an organisation's partner roles and the people it sent).
 */
import { and, asc, count, desc, eq, exists, lte, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { reusable } from "../db/reusable";
import {
  activities,
  activityPartners,
  focusAreas,
  imports,
  organizations,
  participations,
  programmes,
} from "../db/schema";
import { lockAtVersion, type SaveResult } from "../db/versioned";
import { likePattern } from "../directory/search";
import { foldText } from "../text/search-text";
import type { ActivityFilters, ActivityInput, CalendarFilters } from "./validation";

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
const personParticipations = reusable((db) =>
  db
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
    .where(eq(participations.personId, sql.placeholder("personId")))
    .orderBy(...newestFirst)
    .prepare("person_participations"),
);

export async function listPersonParticipations(db: Db, personId: number) {
  return personParticipations(db).execute({ personId });
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

export type Activity = typeof activities.$inferSelect;

export const activitiesPageSize = 50;

/** The activity list: newest first, filtered as the list's form says; one page and how many match. */
export async function listActivities(db: Db, filters: ActivityFilters) {
  const partner = filters.partner ? foldText(filters.partner) : "";
  const where = and(
    filters.q ? sql`${activities.title} ilike ${likePattern(filters.q)}` : undefined,
    filters.programme ? eq(activities.programmeId, filters.programme) : undefined,
    filters.focusArea ? eq(activities.focusAreaId, filters.focusArea) : undefined,
    filters.kind ? eq(activities.kind, filters.kind) : undefined,
    filters.status ? eq(activities.status, filters.status) : undefined,
    filters.country ? eq(activities.country, filters.country) : undefined,
    filters.year
      ? sql`${activities.startDate} >= ${`${filters.year}-01-01`} and ${activities.startDate} <= ${`${filters.year}-12-31`}`
      : undefined,
    partner
      ? exists(
          db
            .select({ id: activityPartners.id })
            .from(activityPartners)
            .innerJoin(organizations, eq(organizations.id, activityPartners.organizationId))
            .where(
              and(
                eq(activityPartners.activityId, activities.id),
                sql`${organizations.searchText} ilike ${likePattern(partner)}`,
              ),
            ),
        )
      : undefined,
  );
  const rows = await db
    .select({
      id: activities.id,
      title: activities.title,
      kind: activities.kind,
      status: activities.status,
      startDate: activities.startDate,
      endDate: activities.endDate,
      country: activities.country,
      city: activities.city,
      programme: programmes.name,
      focusArea: focusAreas.name,
      attended:
        sql<number>`(select count(*) from ${participations} where ${participations.activityId} = ${activities.id} and ${participations.status} = 'attended')`.mapWith(
          Number,
        ),
    })
    .from(activities)
    .leftJoin(programmes, eq(programmes.id, activities.programmeId))
    .leftJoin(focusAreas, eq(focusAreas.id, activities.focusAreaId))
    .where(where)
    .orderBy(...newestFirst)
    .limit(activitiesPageSize)
    .offset((filters.page - 1) * activitiesPageSize);
  return { rows, total: await db.$count(activities, where) };
}

export type ActivityRow = Awaited<ReturnType<typeof listActivities>>["rows"][number];

/** The activities taking place between two days (ending, starting or running then), by start date and title. */
export async function listActivitiesBetween(db: Db, first: string, last: string, filters: CalendarFilters) {
  return db
    .select({
      ...activityColumns,
      city: activities.city,
      country: activities.country,
    })
    .from(activities)
    .where(
      and(
        lte(activities.startDate, last),
        sql`coalesce(${activities.endDate}, ${activities.startDate}) >= ${first}`,
        filters.programme ? eq(activities.programmeId, filters.programme) : undefined,
        filters.kind ? eq(activities.kind, filters.kind) : undefined,
        filters.status ? eq(activities.status, filters.status) : undefined,
        filters.country ? eq(activities.country, filters.country) : undefined,
      ),
    )
    .orderBy(asc(activities.startDate), asc(activities.title), asc(activities.id));
}

export async function getActivity(db: Db | Tx, id: number): Promise<Activity | undefined> {
  const [row] = await db.select().from(activities).where(eq(activities.id, id));
  return row;
}

/** The programmes and their focus areas, for the form's and the filter's choices. */
export async function listProgrammeChoices(db: Db) {
  const rows = await db
    .select({
      programmeId: programmes.id,
      programme: programmes.name,
      focusAreaId: focusAreas.id,
      focusArea: focusAreas.name,
    })
    .from(programmes)
    .leftJoin(focusAreas, eq(focusAreas.programmeId, programmes.id))
    .orderBy(asc(programmes.name), asc(focusAreas.position), asc(focusAreas.name));
  const choices = new Map<number, { id: number; name: string; focusAreas: { id: number; name: string }[] }>();
  for (const row of rows) {
    const programme = choices.get(row.programmeId) ?? {
      id: row.programmeId,
      name: row.programme,
      focusAreas: [],
    };
    if (row.focusAreaId !== null && row.focusArea !== null) {
      programme.focusAreas.push({ id: row.focusAreaId, name: row.focusArea });
    }
    choices.set(row.programmeId, programme);
  }
  return [...choices.values()];
}

export type ProgrammeChoice = Awaited<ReturnType<typeof listProgrammeChoices>>[number];

/** The activity's partners with their roles, and its roster counted by status. */
export async function getActivityDetails(db: Db, id: number) {
  const partners = await db
    .select({
      id: activityPartners.id,
      organizationId: organizations.id,
      name: organizations.name,
      role: activityPartners.role,
      contribution: activityPartners.contribution,
    })
    .from(activityPartners)
    .innerJoin(organizations, eq(organizations.id, activityPartners.organizationId))
    .where(eq(activityPartners.activityId, id))
    .orderBy(asc(activityPartners.role), asc(organizations.name));
  const statuses = await db
    .select({ status: participations.status, count: count() })
    .from(participations)
    .where(eq(participations.activityId, id))
    .groupBy(participations.status);
  const [programme] = await db
    .select({ programme: programmes.name, focusArea: focusAreas.name })
    .from(activities)
    .leftJoin(programmes, eq(programmes.id, activities.programmeId))
    .leftJoin(focusAreas, eq(focusAreas.id, activities.focusAreaId))
    .where(eq(activities.id, id));
  return {
    partners,
    statuses,
    imported: (await db.$count(imports, eq(imports.activityId, id))) > 0,
    programme: programme?.programme ?? null,
    focusArea: programme?.focusArea ?? null,
  };
}

/** The programme a chosen focus area belongs to, or null when it does not exist. */
async function programmeOfFocusArea(tx: Tx, focusAreaId: number): Promise<number | null> {
  const [row] = await tx
    .select({ programmeId: focusAreas.programmeId })
    .from(focusAreas)
    .where(eq(focusAreas.id, focusAreaId));
  return row?.programmeId ?? null;
}

/**
 * The activity's stored values, or the field to blame: a focus area of another programme than the one chosen, or a
 * programme or focus area that does not exist. A focus area chosen alone brings its programme.
 */
export async function activityValues(
  tx: Tx,
  input: ActivityInput,
): Promise<{ values: ActivityInput } | { field: "programmeId" | "focusAreaId" }> {
  if (
    input.programmeId !== null &&
    (await tx.$count(programmes, eq(programmes.id, input.programmeId))) === 0
  ) {
    return { field: "programmeId" };
  }
  if (input.focusAreaId === null) return { values: input };
  const programmeId = await programmeOfFocusArea(tx, input.focusAreaId);
  if (programmeId === null || (input.programmeId !== null && input.programmeId !== programmeId)) {
    return { field: "focusAreaId" };
  }
  return { values: { ...input, programmeId } };
}

export async function createActivity(tx: Tx, values: ActivityInput, actor: Actor): Promise<number> {
  const [row] = await tx
    .insert(activities)
    .values({ ...values, createdBy: actor.userId, updatedBy: actor.userId })
    .returning({ id: activities.id });
  const id = row?.id as number;
  await recordAudit(tx, {
    ...actor,
    action: "activity.create",
    entityType: "activity",
    entityId: id,
    after: values,
  });
  return id;
}

/** The fields the form edits, for the audit log and the conflict message. */
export function editableActivityFields(record: Activity | ActivityInput): ActivityInput {
  const { title, kind, status, programmeId, focusAreaId, startDate, endDate, country, city, venue } = record;
  const { targetGroups, description, outcomes } = record;
  return {
    ...{ title, kind, status, programmeId, focusAreaId, startDate, endDate, country, city, venue },
    ...{ targetGroups, description, outcomes },
  };
}

/** Saves only if nobody saved since `version` was read. */
export async function updateActivity(
  tx: Tx,
  id: number,
  version: number,
  values: ActivityInput,
  actor: Actor,
): Promise<SaveResult<Activity>> {
  const locked = await lockAtVersion(tx, activities, id, version);
  if (!("before" in locked)) return locked;
  const { before } = locked;
  await tx
    .update(activities)
    .set({ ...values, version: version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(activities.id, id));
  await recordAudit(tx, {
    ...actor,
    action: "activity.update",
    entityType: "activity",
    entityId: id,
    before: editableActivityFields(before),
    after: values,
  });
  return { saved: true };
}

export type PartnerChange = {
  organizationId: number;
  role: (typeof activityPartners.$inferInsert)["role"];
  contribution: string | null;
};

/** Adds a partner role; "exists" when the organisation already has that role in the activity. */
export async function addPartner(tx: Tx, activityId: number, change: PartnerChange, actor: Actor) {
  const [row] = await tx
    .insert(activityPartners)
    .values({ activityId, ...change, createdBy: actor.userId, updatedBy: actor.userId })
    .onConflictDoNothing()
    .returning({ id: activityPartners.id });
  if (!row) return "exists" as const;
  await recordAudit(tx, {
    ...actor,
    action: "activity.addPartner",
    entityType: "activity",
    entityId: activityId,
    after: change,
  });
  return "added" as const;
}

/** Removes one of the activity's partner roles; false when the activity has no such row. */
export async function removePartner(tx: Tx, activityId: number, partnerId: number, actor: Actor) {
  const [row] = await tx
    .delete(activityPartners)
    .where(and(eq(activityPartners.id, partnerId), eq(activityPartners.activityId, activityId)))
    .returning({ organizationId: activityPartners.organizationId, role: activityPartners.role });
  if (!row) return false;
  await recordAudit(tx, {
    ...actor,
    action: "activity.removePartner",
    entityType: "activity",
    entityId: activityId,
    before: row,
  });
  return true;
}

/**
 * Deletes an activity nobody took part in (its partner roles go with it; contacts about it keep their record without
 * the link). Refused once it has participants (cancel it instead: the roster is kept) or an import of participants
 * names it (the import's record, and its undo, need the activity).
 */
export async function deleteActivity(tx: Tx, id: number, actor: Actor) {
  const [before] = await tx.select().from(activities).where(eq(activities.id, id)).for("update");
  if (!before) return "missing" as const;
  if ((await tx.$count(participations, eq(participations.activityId, id))) > 0)
    return "hasParticipants" as const;
  if ((await tx.$count(imports, eq(imports.activityId, id))) > 0) return "imported" as const;
  const partners = await tx.select().from(activityPartners).where(eq(activityPartners.activityId, id));
  await tx.delete(activities).where(eq(activities.id, id));
  await recordAudit(tx, {
    ...actor,
    action: "activity.delete",
    entityType: "activity",
    entityId: id,
    before: { ...editableActivityFields(before), partners },
  });
  return "deleted" as const;
}
