/**
 * The records of the directory an import may match, read in a few set-based queries (never one per row): people by
 * email, phone or name, organisations by name, with what the plan compares and the version undo will check.
 */
import { and, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { affiliations, organizations, people } from "../db/schema";
import type { StoredConsents } from "./consents";
import { sameNameKey } from "./merge";

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
  /**
   * Their consent by purpose, as the plan compares it and undo puts it back (src/imports/consents.ts). The person's id
   * written out whole: drizzle leaves one table's columns unqualified, which this subquery would read as its own.
   */
  consents: sql<StoredConsents | null>`(
    select json_object_agg(c.purpose, json_build_object(
      'id', c.id, 'version', c.version, 'status', c.status, 'givenOn', c.given_on, 'method', c.method,
      'updatedBy', c.updated_by))
    from consents c where c.person_id = "people"."id")`,
};
export type ExistingPerson = Awaited<ReturnType<typeof readPeople>>[number];

async function readPeople(db: Db, where: ReturnType<typeof sql>) {
  return db
    .select(personColumns)
    .from(people)
    .where(and(where, isNull(people.archivedAt)));
}

/** The staged lines' values of one field, as a set for `in (…)`: the matching is a join, not a list sent over. */
const stagedField = (staging: number, field: string) =>
  sql`(select values->>${field} from import_lines where staging = ${staging} and values->>${field} is not null)`;

/**
 * The people the staged lines' emails, phones and names can match, each once, with the organisations they are with.
 * Names are compared folded (case, accents, punctuation aside), which no index answers: the loose name key (an index)
 * finds the candidates, and the plan keeps those whose folded name is the same.
 */
export async function peopleToMatch(db: Db, staging: number) {
  const rows = await readPeople(
    db,
    sql`(lower(${people.email}) in (select lower(value) from ${stagedField(staging, "email")} as e(value))
      or ${people.phone} in ${stagedField(staging, "phone")}
      or ${people.nameKey} in (select name_key from import_lines where staging = ${staging}))`,
  );
  const ids = rows.map((row) => row.id);
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
  return { people: rows, organizationsOf };
}

/**
 * People whose loose name key (another script, another spelling) is one of the staged lines' names: possible
 * duplicates to review. Read before the import writes anything, so its own new people are not among them.
 */
export async function peopleByNameKey(db: Db, staging: number) {
  const rows = await db
    .select({ id: people.id, name: people.fullName, key: people.nameKey })
    .from(people)
    .where(
      and(
        sql`${people.nameKey} in (select name_key from import_lines where staging = ${staging})`,
        isNull(people.archivedAt),
      ),
    );
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
