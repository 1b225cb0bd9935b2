/**
 * How the directory lists search: any part of a name, email or phone, in any script. Substrings first (cheap on the
 * trigram index, and what people usually type); only when they find less than a page, close spellings too (typos,
 * other scripts), ranked by word similarity. Measured with `npm run bench:search`.
 */
import { and, asc, desc, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import type { organizations, people } from "../db/schema";
import { foldText } from "../text/search-text";

type DirectoryTable = typeof organizations | typeof people;

/** `more`: there are more matches than `total`, which stops counting at `broadMatches`. */
export type SearchPlan = { where: SQL | undefined; order: SQL[]; total: number; more: boolean };

/**
 * Past this many matches a search is too broad for ranking to mean much: it is counted only this far, and its
 * results come in name order, which the name index serves without reading every match.
 */
export const broadMatches = 1000;

/** How many records match, counting no further than `broadMatches` (+1, to know there are more). */
async function countUpTo(db: Db, table: DirectoryTable, where: SQL | undefined) {
  const matches = db.select({ id: table.id }).from(table).where(where).limit(broadMatches + 1).as("matches");
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(matches);
  const count = row?.count ?? 0;
  return { total: Math.min(count, broadMatches), more: count > broadMatches };
}

function likePattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Substring or close spelling, best first (for short suggestion lists, where ranking all matches is cheap). */
export function matchSearchText(searchText: AnyPgColumn, query: string): { where: SQL; rank: SQL } | null {
  const folded = foldText(query);
  if (folded === "") return null;
  return {
    where: sql`(${searchText} ilike ${likePattern(folded)} or ${folded} <% ${searchText})`,
    rank: sql`word_similarity(${folded}, ${searchText})`,
  };
}

export async function planSearch(
  db: Db,
  table: DirectoryTable,
  name: AnyPgColumn,
  options: { q: string; sort: "name" | "updated"; conditions: (SQL | undefined)[]; pageSize: number },
): Promise<SearchPlan> {
  const byName = options.sort === "updated" ? [desc(table.updatedAt)] : [asc(sql`lower(${name})`)];
  const folded = foldText(options.q);
  if (folded === "") {
    const where = and(...options.conditions);
    return { where, order: byName, total: await db.$count(table, where), more: false };
  }
  const substring = sql`${table.searchText} ilike ${likePattern(folded)}`;
  const where = and(...options.conditions, substring);
  const counted = await countUpTo(db, table, where);
  if (counted.more) return { where, order: byName, ...counted };
  if (counted.total >= options.pageSize) {
    // Records whose name starts with what was typed come first.
    const startsWith = sql`${table.searchText} like ${`${folded.replace(/[\\%_]/g, "\\$&")}%`}`;
    return { where, order: [desc(startsWith), ...byName], ...counted };
  }
  const close = and(...options.conditions, sql`(${substring} or ${folded} <% ${table.searchText})`);
  const rank = sql`word_similarity(${folded}, ${table.searchText})`;
  return { where: close, order: [desc(rank), ...byName], ...(await countUpTo(db, table, close)) };
}
