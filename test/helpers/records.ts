/** Factories for what no form makes yet: activities with their partners and participants, and logged contacts. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import {
  activities,
  activityPartners,
  affiliations,
  auditEvents,
  interactionOrganizations,
  interactionPeople,
  interactions,
  organizations,
  participations,
  people,
} from "../../src/db/schema";

export async function insertOrganization(db: Db, name: string): Promise<number> {
  const [row] = await db.insert(organizations).values({ name }).returning({ id: organizations.id });
  return row?.id as number;
}

export async function insertPerson(db: Db, values: typeof people.$inferInsert): Promise<number> {
  const [row] = await db.insert(people).values(values).returning({ id: people.id });
  return row?.id as number;
}

export async function insertAffiliation(db: Db, values: typeof affiliations.$inferInsert): Promise<number> {
  const [row] = await db.insert(affiliations).values(values).returning({ id: affiliations.id });
  return row?.id as number;
}

export async function insertActivity(
  db: Db,
  values: Omit<typeof activities.$inferInsert, "kind"> & { kind?: (typeof activities.$inferInsert)["kind"] },
): Promise<number> {
  const [row] = await db
    .insert(activities)
    .values({ kind: "seminar", status: "held", ...values })
    .returning({ id: activities.id });
  return row?.id as number;
}

export async function insertPartner(db: Db, values: typeof activityPartners.$inferInsert): Promise<void> {
  await db.insert(activityPartners).values(values);
}

export async function insertParticipation(db: Db, values: typeof participations.$inferInsert): Promise<void> {
  await db.insert(participations).values(values);
}

type ContactValues = Omit<typeof interactions.$inferInsert, "kind"> & {
  kind?: (typeof interactions.$inferInsert)["kind"];
  people?: number[];
  organizations?: number[];
};

/** A contact in the log, linked to the people and organisations given. */
export async function insertContact(
  db: Db,
  { people: personIds = [], organizations: organizationIds = [], ...values }: ContactValues,
): Promise<number> {
  const [row] = await db
    .insert(interactions)
    .values({ kind: "meeting", ...values })
    .returning({ id: interactions.id });
  const interactionId = row?.id as number;
  if (personIds.length > 0)
    await db.insert(interactionPeople).values(personIds.map((personId) => ({ interactionId, personId })));
  if (organizationIds.length > 0)
    await db
      .insert(interactionOrganizations)
      .values(organizationIds.map((organizationId) => ({ interactionId, organizationId })));
  return interactionId;
}

/** How many events of this action a record's history has. */
export function countEvents(db: Db, action: string, entityType: string, entityId: number): Promise<number> {
  const where = and(
    eq(auditEvents.action, action),
    eq(auditEvents.entityType, entityType),
    eq(auditEvents.entityId, entityId),
  );
  return db.$count(auditEvents, where);
}

/** The markup of one section of a page, from its id to its end, so a test reads only the part it is about. */
export function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no section ${id} on the page`);
  return html.slice(start, html.indexOf("</section>", start));
}
