/** SQL of the contact log as the directory shows it: the latest contacts with a person or an organisation. */
import { desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { interactionOrganizations, interactionPeople, interactions, users } from "../db/schema";

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
