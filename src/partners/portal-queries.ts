/**
 * Everything the partner portal reads. Each query takes the partner's organisation id (from the session) and returns
 * only that organisation's records, or activities it may nominate to, with the fields a partner may see: never
 * community, displacement, consent, notes or tags, never another organisation's people.
 */
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { isCurrentAffiliation } from "../affiliations/queries";
import type { Db, Tx } from "../db/client";
import {
  activities,
  activityPartners,
  affiliations,
  organizations,
  participations,
  people,
} from "../db/schema";

/** The organisation's own profile, as a partner sees it. */
export const profileColumns = {
  id: organizations.id,
  name: organizations.name,
  kind: organizations.kind,
  country: organizations.country,
  city: organizations.city,
  address: organizations.address,
  website: organizations.website,
  email: organizations.email,
  phone: organizations.phone,
  description: organizations.description,
  version: organizations.version,
};

export async function partnerProfile(db: Db | Tx, organizationId: number) {
  const [row] = await db
    .select(profileColumns)
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row;
}
export type PartnerProfile = NonNullable<Awaited<ReturnType<typeof partnerProfile>>>;

const personColumns = {
  id: people.id,
  fullName: people.fullName,
  email: people.email,
  phone: people.phone,
  city: people.city,
  gender: people.gender,
  position: affiliations.position,
};

/** A person is the organisation's while an affiliation with it is current and the record is in use. */
function isOwnPerson(organizationId: number) {
  return and(
    eq(affiliations.organizationId, organizationId),
    isCurrentAffiliation,
    isNull(people.archivedAt),
    isNull(people.mergedIntoId),
  );
}

/** The organisation's current people, by name. */
export async function partnerPeople(db: Db | Tx, organizationId: number) {
  return db
    .selectDistinctOn([sql`lower(${people.fullName})`, people.id], personColumns)
    .from(affiliations)
    .innerJoin(people, eq(people.id, affiliations.personId))
    .where(isOwnPerson(organizationId))
    .orderBy(asc(sql`lower(${people.fullName})`), asc(people.id));
}
export type PartnerPerson = Awaited<ReturnType<typeof partnerPeople>>[number];

/** One of the organisation's current people; undefined for anyone else. */
export async function partnerPerson(db: Db | Tx, organizationId: number, personId: number) {
  const [row] = await db
    .select({ ...personColumns, version: people.version })
    .from(affiliations)
    .innerJoin(people, eq(people.id, affiliations.personId))
    .where(and(eq(people.id, personId), isOwnPerson(organizationId)))
    .limit(1);
  return row;
}

/** Which of these ids are the organisation's current people. */
export async function ownPersonIds(db: Db | Tx, organizationId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: people.id })
    .from(affiliations)
    .innerJoin(people, eq(people.id, affiliations.personId))
    .where(and(inArray(people.id, ids), isOwnPerson(organizationId)));
  return new Set(rows.map((row) => row.id));
}

const activityColumns = {
  id: activities.id,
  title: activities.title,
  kind: activities.kind,
  status: activities.status,
  startDate: activities.startDate,
  endDate: activities.endDate,
  country: activities.country,
  city: activities.city,
  nominationsOpen: activities.nominationsOpen,
  capacity: activities.capacity,
  nominationDeadline: activities.nominationDeadline,
};

/** Open for nominations now: switched on, still planned, and its deadline (if any) not passed. */
export const takesNominations = sql<boolean>`(${activities.nominationsOpen} and ${activities.status} = 'planned' and (${activities.nominationDeadline} is null or ${activities.nominationDeadline} >= current_date))`;

const isJoint = (organizationId: number) =>
  sql<boolean>`exists (select 1 from ${activityPartners} where ${activityPartners.activityId} = ${activities.id} and ${activityPartners.organizationId} = ${organizationId})`;

/** The activities organised jointly with the organisation, latest first. */
export async function jointActivities(db: Db | Tx, organizationId: number) {
  return db
    .select(activityColumns)
    .from(activities)
    .where(isJoint(organizationId))
    .orderBy(desc(activities.startDate), desc(activities.id));
}

/** Activities any partner may nominate people to now, soonest first. */
export async function activitiesOpenForNominations(db: Db | Tx) {
  return db
    .select(activityColumns)
    .from(activities)
    .where(takesNominations)
    .orderBy(asc(activities.startDate));
}
export type PartnerActivity = Awaited<ReturnType<typeof jointActivities>>[number];

/** An activity the organisation may see: a joint one, or one open for nominations; undefined otherwise. */
export async function partnerActivity(db: Db | Tx, organizationId: number, activityId: number) {
  const [row] = await db
    .select({ ...activityColumns, joint: isJoint(organizationId), open: takesNominations })
    .from(activities)
    .where(and(eq(activities.id, activityId), or(isJoint(organizationId), takesNominations)));
  return row;
}

/** The organisation's own people on an activity's roster (those it sent or nominated). */
export async function ownParticipations(db: Db | Tx, organizationId: number, activityId: number) {
  return db
    .select({
      id: participations.id,
      personId: people.id,
      fullName: people.fullName,
      role: participations.role,
      status: participations.status,
    })
    .from(participations)
    .innerJoin(people, eq(people.id, participations.personId))
    .where(and(eq(participations.activityId, activityId), eq(participations.organizationId, organizationId)))
    .orderBy(asc(sql`lower(${people.fullName})`));
}
export type OwnParticipation = Awaited<ReturnType<typeof ownParticipations>>[number];

/** The organisation's own figures: joint activities, and its people's attendances and nominations. */
export async function partnerFigures(db: Db | Tx, organizationId: number) {
  const [joint] = await db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(activities)
    .where(isJoint(organizationId));
  const [sent] = await db
    .select({
      attended: sql<number>`count(*) filter (where ${participations.status} = 'attended')`.mapWith(Number),
      people:
        sql<number>`count(distinct ${participations.personId}) filter (where ${participations.status} = 'attended')`.mapWith(
          Number,
        ),
      nominated: sql<number>`count(*) filter (where ${participations.status} = 'nominated')`.mapWith(Number),
    })
    .from(participations)
    .where(eq(participations.organizationId, organizationId));
  return {
    jointActivities: joint?.total ?? 0,
    attendances: sent?.attended ?? 0,
    people: sent?.people ?? 0,
    waiting: sent?.nominated ?? 0,
  };
}

/** Places taken on an activity: every roster row but declined and cancelled ones. */
export async function placesTaken(db: Db | Tx, activityId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(participations)
    .where(
      and(
        eq(participations.activityId, activityId),
        sql`${participations.status} not in ('declined', 'cancelled')`,
      ),
    );
  return row?.total ?? 0;
}
