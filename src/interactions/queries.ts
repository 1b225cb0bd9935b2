/** SQL of the contact log: a record's latest contacts, the log with its filters, the users a follow-up can go to. */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { reusable } from "../db/reusable";
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

const personContacts = reusable((db) =>
  db
    .select(contactColumns)
    .from(interactionPeople)
    .innerJoin(interactions, eq(interactions.id, interactionPeople.interactionId))
    .leftJoin(users, eq(users.id, interactions.loggedBy))
    .where(eq(interactionPeople.personId, sql.placeholder("personId")))
    .orderBy(...newestFirst)
    .limit(sql.placeholder("limit"))
    .prepare("person_contacts"),
);

const personContactCount = reusable((db) =>
  db
    .select({ total: count() })
    .from(interactionPeople)
    .where(eq(interactionPeople.personId, sql.placeholder("personId")))
    .prepare("person_contact_count"),
);

/** `rows`: the latest `limit` contacts, newest first; `total`: how many there are in all. */
export async function listPersonContacts(db: Db, personId: number, limit: number) {
  const [rows, [counted]] = await Promise.all([
    personContacts(db).execute({ personId, limit }),
    personContactCount(db).execute({ personId }),
  ]);
  return { rows, total: counted?.total ?? 0 };
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

const activeUsers = reusable((db) =>
  db
    .select({ id: users.id, name: users.name })
    .from(users)
    // Without one to keep, `id = null` is never true.
    .where(or(isNull(users.disabledAt), eq(users.id, sql.placeholder("keep"))))
    .orderBy(asc(users.name))
    .prepare("active_users"),
);

/** Users who can be given a follow-up: everyone not disabled, and `keep` (who has it now, even if disabled since). */
export async function listActiveUsers(db: Db, keep: number | null = null) {
  return activeUsers(db).execute({ keep });
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
  /** Every matching contact, not one page (for a download). */
  all?: boolean;
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
      .limit(query.all ? Number.MAX_SAFE_INTEGER : logPageSize)
      .offset(query.all ? 0 : (query.page - 1) * logPageSize),
    db.$count(interactions, where),
  ]);
  // One array parameter for the ids: a download of the whole log may hold more than PostgreSQL's 65,535 parameters.
  const ids = rows.map((row) => row.id);
  const among = sql`${sql.param(ids)}::int[]`;
  const [withPeople, withOrganizations] = ids.length
    ? await Promise.all([
        db
          .select({ interactionId: interactionPeople.interactionId, id: people.id, name: people.fullName })
          .from(interactionPeople)
          .innerJoin(people, eq(people.id, interactionPeople.personId))
          .where(sql`${interactionPeople.interactionId} = any(${among})`)
          .orderBy(asc(people.fullName)),
        db
          .select({
            interactionId: interactionOrganizations.interactionId,
            id: organizations.id,
            name: organizations.name,
          })
          .from(interactionOrganizations)
          .innerJoin(organizations, eq(organizations.id, interactionOrganizations.organizationId))
          .where(sql`${interactionOrganizations.interactionId} = any(${among})`)
          .orderBy(asc(organizations.name)),
      ])
    : [[], []];
  const byContact = <L extends { interactionId: number }>(links: L[]) => {
    const grouped = new Map<number, L[]>();
    for (const link of links)
      grouped.set(link.interactionId, [...(grouped.get(link.interactionId) ?? []), link]);
    return grouped;
  };
  const peopleOf = byContact(withPeople);
  const organizationsOf = byContact(withOrganizations);
  const entries = rows.map((row) => ({
    ...row,
    people: peopleOf.get(row.id) ?? [],
    organizations: organizationsOf.get(row.id) ?? [],
  }));
  return { rows: entries, total };
}

export type LogEntry = Awaited<ReturnType<typeof listInteractions>>["rows"][number];
