/**
 * The records of the directory an import may match, read in a few set-based queries (never one per row): people by
 * email, phone or name, organisations by name, with what the plan compares and the version undo will check.
 */
import { and, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { affiliations, organizations, people } from "../db/schema";
import { nameKey } from "../text/name-key";
import { sameNameKey } from "./merge";

/** A JSON array parameter as a set of text values, for `in (…)` with any number of values. */
const textSet = (values: string[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
/** The same, lower-cased by PostgreSQL (JavaScript lower-cases some letters, İ, otherwise). */
const lowerSet = (values: string[]) =>
  sql`(select lower(value) from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

export const personColumns = {
  id: people.id,
  version: people.version,
  fullName: people.fullName,
  email: people.email,
  phone: people.phone,
  gender: people.gender,
  birthYear: people.birthYear,
  stakeholderType: people.stakeholderType,
  city: people.city,
  country: people.country,
  languages: people.languages,
  tags: people.tags,
  notes: people.notes,
  otherNames: people.otherNames,
};
export type ExistingPerson = Awaited<ReturnType<typeof readPeople>>[number];

async function readPeople(db: Db, where: ReturnType<typeof sql>) {
  return db
    .select(personColumns)
    .from(people)
    .where(and(where, isNull(people.archivedAt)));
}

/** The people an import's emails, phones and names can match, each once, with the organisations they are with. */
export async function peopleToMatch(db: Db, emails: string[], phones: string[], names: string[]) {
  const found = new Map<number, ExistingPerson>();
  const add = (rows: ExistingPerson[]) => {
    for (const row of rows) found.set(row.id, row);
  };
  if (emails.length > 0) add(await readPeople(db, sql`lower(${people.email}) in ${lowerSet(emails)}`));
  if (phones.length > 0) add(await readPeople(db, sql`${people.phone} in ${textSet(phones)}`));
  // Names are compared folded (case, accents, punctuation aside), which no index answers: the loose name key
  // (an index) finds the candidates, and the plan keeps those whose folded name is the same.
  const keys = [...new Set(names.map(nameKey).filter((key) => key !== ""))];
  if (keys.length > 0) add(await readPeople(db, sql`${people.nameKey} in ${textSet(keys)}`));
  const ids = [...found.keys()];
  const memberships =
    ids.length === 0
      ? []
      : await db
          .select({ personId: affiliations.personId, organizationId: affiliations.organizationId })
          .from(affiliations)
          .where(inArray(affiliations.personId, ids));
  const organizationsOf = new Map<number, Set<number>>();
  for (const { personId, organizationId } of memberships) {
    organizationsOf.set(personId, (organizationsOf.get(personId) ?? new Set()).add(organizationId));
  }
  return { people: [...found.values()], organizationsOf };
}

/** People whose loose name key (another script, another spelling) is one of these: possible duplicates to review. */
export async function peopleByNameKey(db: Db, names: string[]) {
  const keys = [...new Set(names.map(nameKey).filter((key) => key !== ""))];
  if (keys.length === 0) return new Map<string, { id: number; name: string }>();
  const rows = await db
    .select({ id: people.id, name: people.fullName, key: people.nameKey })
    .from(people)
    .where(and(sql`${people.nameKey} in ${textSet(keys)}`, isNull(people.archivedAt)));
  return new Map(rows.map((row) => [row.key ?? "", { id: row.id, name: row.name }]));
}

export const organizationColumns = {
  id: organizations.id,
  version: organizations.version,
  name: organizations.name,
  kind: organizations.kind,
  country: organizations.country,
  city: organizations.city,
  address: organizations.address,
  website: organizations.website,
  email: organizations.email,
  phone: organizations.phone,
  sectors: organizations.sectors,
  communitiesServed: organizations.communitiesServed,
  description: organizations.description,
  tags: organizations.tags,
  nameKey: organizations.nameKey,
};
async function readOrganizations(db: Db) {
  return db
    .select(organizationColumns)
    .from(organizations)
    .where(isNull(organizations.archivedAt))
    .orderBy(organizations.id);
}
export type ExistingOrganization = Awaited<ReturnType<typeof readOrganizations>>[number];

/**
 * Every organisation of the directory by its same-name key (there are thousands, not millions, and names are
 * compared folded, which no index answers). Two with the same key: the older one.
 */
export async function organizationsByName(db: Db): Promise<Map<string, ExistingOrganization>> {
  const byName = new Map<string, ExistingOrganization>();
  for (const row of await readOrganizations(db)) {
    const key = sameNameKey(row.name);
    if (!byName.has(key)) byName.set(key, row);
  }
  return byName;
}
