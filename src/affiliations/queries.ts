/** All SQL of affiliations: a person's and an organisation's, the organisation named in a form, and the audited writes. */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { affiliations, organizations, people } from "../db/schema";
import { matchSearchText } from "../directory/search";
import type { AffiliationInput } from "./validation";

const current = sql<boolean>`${affiliations.endDate} is null or ${affiliations.endDate} >= current_date`;
const columns = {
  id: affiliations.id,
  position: affiliations.position,
  kind: affiliations.kind,
  startDate: affiliations.startDate,
  endDate: affiliations.endDate,
  isPrimary: affiliations.isPrimary,
  current,
};

export async function listPersonAffiliations(db: Db, personId: number) {
  return db
    .select({ ...columns, organizationId: organizations.id, organizationName: organizations.name })
    .from(affiliations)
    .innerJoin(organizations, eq(organizations.id, affiliations.organizationId))
    .where(eq(affiliations.personId, personId))
    .orderBy(desc(current), desc(affiliations.isPrimary), desc(affiliations.startDate));
}

export async function listOrganizationPeople(db: Db, organizationId: number) {
  return db
    .select({ ...columns, personId: people.id, personName: people.fullName })
    .from(affiliations)
    .innerJoin(people, eq(people.id, affiliations.personId))
    .where(and(eq(affiliations.organizationId, organizationId), isNull(people.archivedAt)))
    .orderBy(desc(current), asc(people.fullName));
}

export type PersonAffiliation = Awaited<ReturnType<typeof listPersonAffiliations>>[number];
export type OrganizationMember = Awaited<ReturnType<typeof listOrganizationPeople>>[number];

/** The organisation a form names: its exact name, in any case (the typeahead offers the exact names). */
export async function findOrganizationByName(db: Db, name: string): Promise<number | null> {
  const exact = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(sql`lower(${organizations.name})`, name.toLowerCase()), isNull(organizations.archivedAt)))
    .limit(2);
  return exact.length === 1 ? (exact[0]?.id ?? null) : null;
}

/** Up to ten organisation names for the typeahead. */
export async function suggestOrganizations(db: Db, query: string): Promise<string[]> {
  const match = matchSearchText(organizations.searchText, query);
  if (!match) return [];
  const rows = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(and(match.where, isNull(organizations.archivedAt)))
    .orderBy(desc(match.rank))
    .limit(10);
  return rows.map((row) => row.name);
}

/** Adds the affiliation; a new primary one makes the person's others not primary. */
export async function addAffiliation(
  tx: Tx,
  personId: number,
  organizationId: number,
  input: Omit<AffiliationInput, "organization">,
  actor: Actor,
): Promise<number> {
  if (input.isPrimary) {
    await tx.update(affiliations).set({ isPrimary: false }).where(eq(affiliations.personId, personId));
  }
  const [row] = await tx
    .insert(affiliations)
    .values({ ...input, personId, organizationId, createdBy: actor.userId, updatedBy: actor.userId })
    .returning({ id: affiliations.id });
  const id = row?.id as number;
  const after = { ...input, organizationId };
  await recordAudit(tx, {
    ...actor,
    action: "affiliation.create",
    entityType: "person",
    entityId: personId,
    after,
  });
  return id;
}

/** Sets the end date of a person's affiliation: "missing" when it is not theirs, "beforeStart" when it would end before it began. */
export async function endAffiliation(tx: Tx, personId: number, id: number, endDate: string, actor: Actor) {
  const [before] = await tx
    .select({ endDate: affiliations.endDate, startDate: affiliations.startDate })
    .from(affiliations)
    .where(and(eq(affiliations.id, id), eq(affiliations.personId, personId)));
  if (!before) return "missing" as const;
  if (before.startDate && endDate < before.startDate) return "beforeStart" as const;
  await tx
    .update(affiliations)
    .set({
      endDate,
      isPrimary: false,
      updatedAt: new Date(),
      updatedBy: actor.userId,
      version: sql`${affiliations.version} + 1`,
    })
    .where(eq(affiliations.id, id));
  await recordAudit(tx, {
    ...actor,
    action: "affiliation.end",
    entityType: "person",
    entityId: personId,
    before: { affiliation: id, endDate: before.endDate },
    after: { affiliation: id, endDate },
  });
  return "ended" as const;
}
