/** All SQL of affiliations: a person's and an organisation's, the organisation named in a form, and the audited writes. */
import { and, asc, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { reusable } from "../db/reusable";
import { affiliations, organizations, people } from "../db/schema";
import { lockRow, type SaveResult } from "../db/versioned";
import { matchSearchText } from "../directory/search";
import { nameHas } from "../text/name-key";
import type { AffiliationInput } from "./validation";

/** An affiliation is current until its end date has passed. */
export const isCurrentAffiliation = sql<boolean>`(${affiliations.endDate} is null or ${affiliations.endDate} >= current_date)`;
const current = isCurrentAffiliation;
const columns = {
  id: affiliations.id,
  position: affiliations.position,
  kind: affiliations.kind,
  startDate: affiliations.startDate,
  endDate: affiliations.endDate,
  isPrimary: affiliations.isPrimary,
  current,
};

const personAffiliations = reusable((db) =>
  db
    .select({ ...columns, organizationId: organizations.id, organizationName: organizations.name })
    .from(affiliations)
    .innerJoin(organizations, eq(organizations.id, affiliations.organizationId))
    .where(eq(affiliations.personId, sql.placeholder("personId")))
    .orderBy(desc(current), desc(affiliations.isPrimary), desc(affiliations.startDate))
    .prepare("person_affiliations"),
);

export async function listPersonAffiliations(db: Db, personId: number) {
  return personAffiliations(db).execute({ personId });
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

/**
 * The organisation a form names: its exact name, in any case (the typeahead offers the exact names). An edited
 * affiliation that still names its own organisation keeps it, even if that organisation is archived meanwhile.
 */
export async function findOrganizationByName(
  db: Db,
  name: string,
  current?: { organizationId: number; organizationName: string },
): Promise<number | null> {
  if (current && current.organizationName.toLowerCase() === name.toLowerCase()) return current.organizationId;
  const exact = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(sql`lower(${organizations.name}) = lower(${name})`, isNull(organizations.archivedAt)))
    .limit(2);
  return exact.length === 1 ? (exact[0]?.id ?? null) : null;
}

/**
 * Up to ten organisation names for the typeahead. With `byNameOnly` (the public sign-up form) a name is suggested only
 * when the typed text is in the name itself, never because it matched the organisation's email or phone.
 */
export async function suggestOrganizations(db: Db, query: string, byNameOnly = false): Promise<string[]> {
  const match = matchSearchText(organizations, query);
  if (!match) return [];
  const rows = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(and(match.where, isNull(organizations.archivedAt)))
    .orderBy(desc(match.rank))
    .limit(byNameOnly ? 50 : 10);
  const names = rows.map((row) => row.name);
  return byNameOnly ? names.filter((name) => nameHas(name, query)).slice(0, 10) : names;
}

/** One of a person's affiliations as its edit form needs it; undefined when there is none or it is someone else's. */
export async function getPersonAffiliation(db: Db | Tx, personId: number, id: number) {
  const [row] = await db
    .select({
      id: affiliations.id,
      organizationId: affiliations.organizationId,
      organizationName: organizations.name,
      position: affiliations.position,
      kind: affiliations.kind,
      startDate: affiliations.startDate,
      endDate: affiliations.endDate,
      isPrimary: affiliations.isPrimary,
      version: affiliations.version,
    })
    .from(affiliations)
    .innerJoin(organizations, eq(organizations.id, affiliations.organizationId))
    .where(and(eq(affiliations.id, id), eq(affiliations.personId, personId)));
  return row;
}

export type AffiliationRecord = NonNullable<Awaited<ReturnType<typeof getPersonAffiliation>>>;
/** What a saved affiliation form sets: the form's fields with the organisation it names found. */
export type AffiliationChange = Omit<AffiliationInput, "organization"> & { organizationId: number };

/**
 * Before an affiliation becomes the person's main one: their current main one stops being it (the unique index
 * allows one). That is a change to the other row too, so its version moves on and an open form of it goes stale.
 */
async function clearPrimary(tx: Tx, personId: number, actor: Actor, exceptId?: number) {
  await tx
    .update(affiliations)
    .set({
      isPrimary: false,
      updatedAt: new Date(),
      updatedBy: actor.userId,
      version: sql`${affiliations.version} + 1`,
    })
    .where(
      and(
        eq(affiliations.personId, personId),
        eq(affiliations.isPrimary, true),
        exceptId === undefined ? undefined : ne(affiliations.id, exceptId),
      ),
    );
}

/** Adds the affiliation; a new primary one makes the person's others not primary. */
export async function addAffiliation(tx: Tx, personId: number, change: AffiliationChange, actor: Actor) {
  if (change.isPrimary) await clearPrimary(tx, personId, actor);
  const [row] = await tx
    .insert(affiliations)
    .values({ ...change, personId, createdBy: actor.userId, updatedBy: actor.userId })
    .returning({ id: affiliations.id });
  const id = row?.id as number;
  await recordAudit(tx, {
    ...actor,
    action: "affiliation.create",
    entityType: "person",
    entityId: personId,
    after: change,
  });
  return id;
}

/** Sets the end date of a person's affiliation: "missing" when it is not theirs, "beforeStart" when it would end before it began. */
export async function endAffiliation(tx: Tx, personId: number, id: number, endDate: string, actor: Actor) {
  // Locked, so the start compared and the end recorded as before are the ones this change replaces.
  const before = await lockRow(tx, affiliations, id);
  if (before?.personId !== personId) return "missing" as const;
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

/** The audited fields of an affiliation: the organisation by name, so the history reads without looking it up. */
function audited(record: AffiliationRecord) {
  const {
    id: affiliation,
    organizationName: organization,
    position,
    kind,
    startDate,
    endDate,
    isPrimary,
  } = record;
  return { affiliation, organization, position, kind, startDate, endDate, isPrimary };
}

/** Saves only if nobody saved since `version` was read; a new primary one makes the person's others not primary. */
export async function updateAffiliation(
  tx: Tx,
  personId: number,
  id: number,
  version: number,
  change: AffiliationChange,
  actor: Actor,
): Promise<SaveResult<AffiliationRecord>> {
  // Locked until the transaction ends, so the version compared is the one the update replaces.
  await lockRow(tx, affiliations, id);
  const before = await getPersonAffiliation(tx, personId, id);
  if (!before) return { saved: false, current: null };
  if (before.version !== version) return { saved: false, current: before };
  if (change.isPrimary) await clearPrimary(tx, personId, actor, id);
  await tx
    .update(affiliations)
    .set({ ...change, version: version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(affiliations.id, id));
  const after = (await getPersonAffiliation(tx, personId, id)) as AffiliationRecord;
  await recordAudit(tx, {
    ...actor,
    action: "affiliation.update",
    entityType: "person",
    entityId: personId,
    before: audited(before),
    after: audited(after),
  });
  return { saved: true };
}
