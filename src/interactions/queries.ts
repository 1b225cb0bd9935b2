/** SQL of the contact log: a record's latest contacts, the log with its filters, and logging a contact. */
import { and, asc, desc, eq, gte, inArray, isNull, lt } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import {
  interactionOrganizations,
  interactionPeople,
  interactions,
  organizations,
  people,
  users,
} from "../db/schema";

const contactColumns = {
  id: interactions.id,
  occurredAt: interactions.occurredAt,
  kind: interactions.kind,
  subject: interactions.subject,
  loggedByName: users.name,
  followUpDue: interactions.followUpDue,
  followUpDoneAt: interactions.followUpDoneAt,
};
const newestFirst = [desc(interactions.occurredAt), desc(interactions.id)];

/** `rows`: the latest `limit` contacts, newest first; `total`: how many there are in all. */
export async function listPersonContacts(db: Db, personId: number, limit: number) {
  const [rows, total] = await Promise.all([
    db
      .select(contactColumns)
      .from(interactionPeople)
      .innerJoin(interactions, eq(interactions.id, interactionPeople.interactionId))
      .leftJoin(users, eq(users.id, interactions.loggedBy))
      .where(eq(interactionPeople.personId, personId))
      .orderBy(...newestFirst)
      .limit(limit),
    db.$count(interactionPeople, eq(interactionPeople.personId, personId)),
  ]);
  return { rows, total };
}

export async function listOrganizationContacts(db: Db, organizationId: number, limit: number) {
  const [rows, total] = await Promise.all([
    db
      .select(contactColumns)
      .from(interactionOrganizations)
      .innerJoin(interactions, eq(interactions.id, interactionOrganizations.interactionId))
      .leftJoin(users, eq(users.id, interactions.loggedBy))
      .where(eq(interactionOrganizations.organizationId, organizationId))
      .orderBy(...newestFirst)
      .limit(limit),
    db.$count(interactionOrganizations, eq(interactionOrganizations.organizationId, organizationId)),
  ]);
  return { rows, total };
}

export type Contact = Awaited<ReturnType<typeof listPersonContacts>>["rows"][number];
export type ContactLog = { rows: Contact[]; total: number };

/** What a saved "log a contact" form stores: the fields, with the people and organisations it names found. */
export type NewInteraction = {
  kind: (typeof interactions.$inferInsert)["kind"];
  occurredAt: Date;
  subject: string;
  notes: string | null;
  activityId: number | null;
  personIds: number[];
  organizationIds: number[];
  followUpDue: string | null;
  followUpAssigneeId: number | null;
  followUpNote: string | null;
};

/** The contact with its links, and its audit event; in the caller's transaction. */
export async function createInteraction(tx: Tx, input: NewInteraction, actor: Actor): Promise<number> {
  const { personIds, organizationIds, ...fields } = input;
  const followUp = fields.followUpDue !== null;
  const [row] = await tx
    .insert(interactions)
    .values({
      ...fields,
      followUpAssigneeId: followUp ? fields.followUpAssigneeId : null,
      followUpNote: followUp ? fields.followUpNote : null,
      loggedBy: actor.userId,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    })
    .returning();
  if (!row) throw new Error("insert into interactions returned no row");
  if (personIds.length > 0)
    await tx
      .insert(interactionPeople)
      .values(personIds.map((personId) => ({ interactionId: row.id, personId })));
  if (organizationIds.length > 0)
    await tx
      .insert(interactionOrganizations)
      .values(organizationIds.map((organizationId) => ({ interactionId: row.id, organizationId })));
  await recordAudit(tx, {
    userId: actor.userId,
    requestId: actor.requestId,
    action: "interaction.create",
    entityType: "interaction",
    entityId: row.id,
    after: { ...row, personIds, organizationIds },
  });
  return row.id;
}

/** Users who can be given a follow-up: everyone not disabled, by name. */
export async function listActiveUsers(db: Db) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(asc(users.name));
}

/** The log's filters with the person and organisation already found; `from`/`to` are moments, `to` exclusive. */
export type LogQuery = {
  personId?: number;
  organizationId?: number;
  kind?: (typeof interactions.$inferInsert)["kind"];
  loggedBy?: number;
  from?: Date;
  to?: Date;
  page: number;
};

export const logPageSize = 50;

export async function listInteractions(db: Db, query: LogQuery) {
  const where = and(
    query.personId === undefined
      ? undefined
      : inArray(
          interactions.id,
          db
            .select({ id: interactionPeople.interactionId })
            .from(interactionPeople)
            .where(eq(interactionPeople.personId, query.personId)),
        ),
    query.organizationId === undefined
      ? undefined
      : inArray(
          interactions.id,
          db
            .select({ id: interactionOrganizations.interactionId })
            .from(interactionOrganizations)
            .where(eq(interactionOrganizations.organizationId, query.organizationId)),
        ),
    query.kind && eq(interactions.kind, query.kind),
    query.loggedBy === undefined ? undefined : eq(interactions.loggedBy, query.loggedBy),
    query.from && gte(interactions.occurredAt, query.from),
    query.to && lt(interactions.occurredAt, query.to),
  );
  const [rows, total] = await Promise.all([
    db
      .select(contactColumns)
      .from(interactions)
      .leftJoin(users, eq(users.id, interactions.loggedBy))
      .where(where)
      .orderBy(...newestFirst)
      .limit(logPageSize)
      .offset((query.page - 1) * logPageSize),
    db.$count(interactions, where),
  ]);
  const ids = rows.map((row) => row.id);
  const [withPeople, withOrganizations] = ids.length
    ? await Promise.all([
        db
          .select({ interactionId: interactionPeople.interactionId, id: people.id, name: people.fullName })
          .from(interactionPeople)
          .innerJoin(people, eq(people.id, interactionPeople.personId))
          .where(inArray(interactionPeople.interactionId, ids))
          .orderBy(asc(people.fullName)),
        db
          .select({
            interactionId: interactionOrganizations.interactionId,
            id: organizations.id,
            name: organizations.name,
          })
          .from(interactionOrganizations)
          .innerJoin(organizations, eq(organizations.id, interactionOrganizations.organizationId))
          .where(inArray(interactionOrganizations.interactionId, ids))
          .orderBy(asc(organizations.name)),
      ])
    : [[], []];
  const entries = rows.map((row) => ({
    ...row,
    people: withPeople.filter((link) => link.interactionId === row.id),
    organizations: withOrganizations.filter((link) => link.interactionId === row.id),
  }));
  return { rows: entries, total };
}

export type LogEntry = Awaited<ReturnType<typeof listInteractions>>["rows"][number];
