/** SQL that finds the people and organisations a contact form or filter names: by email, or by exact name in any case. */
import { and, desc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { activities, organizations, people } from "../db/schema";
import { matchSearchText } from "../directory/search";

export type Named = { id: number; name: string };
/** What an entry found: one record, or why not. */
export type Resolved = { entry: string } & ({ found: Named } | { problem: "unknown" | "ambiguous" });

const tables = {
  person: { table: people, name: people.fullName },
  organization: { table: organizations, name: organizations.name },
} as const;
export type RecordKind = keyof typeof tables;

/** An email finds the record with that email; anything else the record with exactly that name (any case). Archived ones never. */
export async function resolveEntries(db: Db | Tx, kind: RecordKind, entries: string[]): Promise<Resolved[]> {
  const { table, name } = tables[kind];
  return Promise.all(
    entries.map(async (entry): Promise<Resolved> => {
      // Lower-cased by PostgreSQL on both sides: JavaScript and PostgreSQL disagree on some letters (İ).
      const match: SQL = entry.includes("@")
        ? sql`lower(${table.email}) = lower(${entry})`
        : sql`lower(${name}) = lower(${entry})`;
      const rows = await db
        .select({ id: table.id, name })
        .from(table)
        .where(and(match, isNull(table.archivedAt)))
        .limit(2);
      const [first] = rows;
      if (!first) return { entry, problem: "unknown" };
      if (rows.length > 1) return { entry, problem: "ambiguous" };
      return { entry, found: first };
    }),
  );
}

/**
 * The records behind these ids with their names (for the boxes already ticked); archived ones are left out, except
 * those in `linked` (a contact being edited keeps the people it was with, archived since or not).
 */
export async function namesOf(
  db: Db | Tx,
  kind: RecordKind,
  ids: number[],
  linked: number[] = [],
): Promise<Named[]> {
  if (ids.length === 0) return [];
  const { table, name } = tables[kind];
  const current =
    linked.length > 0 ? or(isNull(table.archivedAt), inArray(table.id, linked)) : isNull(table.archivedAt);
  return db
    .select({ id: table.id, name })
    .from(table)
    .where(and(inArray(table.id, ids), current))
    .orderBy(name);
}

export async function activityTitle(db: Db | Tx, id: number): Promise<Named | undefined> {
  const [row] = await db
    .select({ id: activities.id, name: activities.title })
    .from(activities)
    .where(eq(activities.id, id));
  return row;
}

/** Up to ten names for a typeahead. */
export async function suggestNames(db: Db, kind: RecordKind, query: string): Promise<string[]> {
  const { table, name } = tables[kind];
  const match = matchSearchText(table, query);
  if (!match) return [];
  const rows = await db
    .select({ name })
    .from(table)
    .where(and(match.where, isNull(table.archivedAt)))
    .orderBy(desc(match.rank))
    .limit(10);
  return [...new Set(rows.map((row) => row.name))];
}
