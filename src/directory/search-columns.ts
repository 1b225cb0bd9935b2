/** The stored columns search and duplicate finding compare, computed the same way wherever a record is written. */
import { isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { organizations, people } from "../db/schema";
import { nameKey } from "../text/name-key";
import { toSearchText } from "../text/search-text";

type PersonNames = { fullName: string; otherNames: string[]; email?: string | null; phone?: string | null };
type OrganizationNames = { name: string; email?: string | null; phone?: string | null };

export function personSearchColumns(person: PersonNames) {
  return {
    searchText: toSearchText([person.fullName, ...person.otherNames, person.email, person.phone]),
    nameKey: nameKey(person.fullName),
  };
}

export function organizationSearchColumns(organization: OrganizationNames) {
  return {
    searchText: toSearchText([organization.name, organization.email, organization.phone]),
    nameKey: nameKey(organization.name),
  };
}

/** Fills the name key of records written before it existed (run at start-up; a no-op once done). */
export async function fillMissingNameKeys(db: Db): Promise<void> {
  for (const [table, name] of [
    [people, people.fullName],
    [organizations, organizations.name],
  ] as const) {
    for (;;) {
      const rows = await db
        .select({ id: table.id, name: sql<string>`${name}` })
        .from(table)
        .where(isNull(table.nameKey))
        .limit(1000);
      if (rows.length === 0) break;
      const keys = JSON.stringify(rows.map((row) => ({ id: row.id, key: nameKey(row.name) })));
      await db.execute(
        sql`update ${table} set name_key = k.key from jsonb_to_recordset(${keys}::jsonb) as k(id int, key text) where ${table.id} = k.id`,
      );
    }
  }
}
