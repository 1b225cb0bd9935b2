/**
 * How the directory lists search: any part of a name, email or phone, in any script. Substrings first (cheap on the
 * trigram index, and what people usually type); only when they find less than a page and the search has letters,
 * close spellings too (typos, other scripts) and the same name in another transliteration, ranked by word similarity. The ranking is done on ids, over at most
 * `broadMatches`, then the page's records are read by id. Measured with `npm run bench:search`.
 */
import { and, asc, desc, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import type { organizations, people } from "../db/schema";
import { nameKey } from "../text/name-key";
import { foldText } from "../text/search-text";

type DirectoryTable = typeof organizations | typeof people;

/**
 * What a list page asks for: its records `where`, in `order`, this `limit` from this `offset`; how many match.
 * `more`: there are more matches than `total`, which stops counting at `broadMatches`.
 */
export type SearchPlan = {
  where: SQL | undefined;
  order: SQL[];
  limit: number;
  offset: number;
  total: number;
  more: boolean;
};

/**
 * A search is ranked over at most this many matches. Past it, the search is too broad for ranking to mean much: the
 * list says there are more and ranks the first this many found, so no search reads more than this many records.
 */
export const broadMatches = 1000;

type SortKey = [SQL, "asc" | "desc"];

/**
 * The ids of up to `broadMatches` + 1 records matching `where`, ranked by `keys`. The limit comes before the ranking,
 * so a broad search costs no more than a narrow one.
 */
async function rankedIds(db: Db, table: DirectoryTable, where: SQL | undefined, keys: SortKey[]) {
  const keyColumns = Object.fromEntries(keys.map(([key], index) => [`k${index}`, key.as(`k${index}`)]));
  const candidates = db
    .select({ id: table.id, ...keyColumns })
    .from(table)
    .where(where)
    .limit(broadMatches + 1)
    .as("candidates");
  const rows = await db
    .select({ id: sql<number>`candidates.id` })
    .from(candidates)
    .orderBy(
      ...keys.map(
        ([, direction], index) =>
          sql`${sql.identifier("candidates")}.${sql.identifier(`k${index}`)} ${sql.raw(direction)}`,
      ),
      sql`candidates.id`,
    );
  return rows.map((row) => row.id);
}

/**
 * Whether a list shows every record that is not archived: no search text and no filter set (the order and the page
 * aside). Any filter added later counts as one, so such a list is counted row by row.
 */
export function listsEveryActiveRecord(filters: Record<string, unknown>): boolean {
  return Object.entries(filters).every(
    ([name, value]) => name === "sort" || name === "page" || value === undefined || value === "",
  );
}

/** `%text%` for ILIKE, its own wildcards taken literally. */
export function likePattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Records whose name holds every word of the query in another transliteration: the words of the loose name key
 * (`src/text/name-key.ts`), so "Велиев" and "Вагиф Велиев" find "Vaqif Vəliyev", whose folded spellings (veliev,
 * valiyev) are too far apart for a trigram match. Null for a query without letters.
 */
function sameNameWords(table: DirectoryTable, query: string): SQL | null {
  const words = nameKey(query).split(" ").filter(Boolean);
  if (words.length === 0) return null;
  return sql`string_to_array(${table.nameKey}, ' ') @> ${sql.param(words)}::text[]`;
}

/** Substring, close spelling or the same name words, best first (for short suggestion lists, where ranking is cheap). */
export function matchSearchText(table: DirectoryTable, query: string): { where: SQL; rank: SQL } | null {
  const folded = foldText(query);
  if (folded === "") return null;
  const closeSpelling = sql`${table.searchText} ilike ${likePattern(folded)} or ${folded} <% ${table.searchText}`;
  const words = /[a-z]/.test(folded) ? sameNameWords(table, query) : null;
  return {
    where: words ? sql`(${closeSpelling} or ${words})` : sql`(${closeSpelling})`,
    rank: sql`word_similarity(${folded}, ${table.searchText})`,
  };
}

export async function planSearch(
  db: Db,
  table: DirectoryTable,
  name: AnyPgColumn,
  options: {
    q: string;
    sort: "name" | "updated";
    conditions: (SQL | undefined)[];
    pageSize: number;
    page: number;
    /** Every match, for an export: complete, not ranked over a first few. */
    all: boolean;
    /** Counts a list without a search more cheaply than counting its rows (the database's kept count). */
    count?: () => Promise<number>;
  },
): Promise<SearchPlan> {
  const byName: SortKey[] =
    options.sort === "updated" ? [[sql`${table.updatedAt}`, "desc"]] : [[sql`lower(${name})`, "asc"]];
  const order = (keys: SortKey[]) =>
    keys.map(([key, direction]) => (direction === "asc" ? asc(key) : desc(key)));
  const filters = and(...options.conditions);
  const everything = { limit: Number.MAX_SAFE_INTEGER, offset: 0 };
  const pageWindow = { limit: options.pageSize, offset: (options.page - 1) * options.pageSize };
  const folded = foldText(options.q);
  if (folded === "") {
    const total = await (options.count ? options.count() : db.$count(table, filters));
    return {
      where: filters,
      order: order(byName),
      ...(options.all ? everything : pageWindow),
      total,
      more: false,
    };
  }
  // Substring matches, records whose name starts with what was typed first; close spellings only when they are few.
  const substring = and(filters, sql`${table.searchText} ilike ${likePattern(folded)}`);
  const startsWith = sql`${table.searchText} like ${`${folded.replace(/[\\%_]/g, "\\$&")}%`}`;
  let where = substring;
  let keys: SortKey[] = [[startsWith, "desc"], ...byName];
  let ids = await rankedIds(db, table, where, keys);
  // Close spellings are for words (typos, other scripts); a number is a phone or an id, where a "close" number is
  // another person's (decision 16).
  if (ids.length < options.pageSize && /[a-z]/.test(folded)) {
    where = and(filters, matchSearchText(table, options.q)?.where);
    keys = [[sql`word_similarity(${folded}, ${table.searchText})`, "desc"], ...byName];
    // The substring matches stay first, even when there are too many close spellings to rank them all. Asked
    // alone, the close-spelling condition is one the trigram index answers (OR'd with the substring, PostgreSQL
    // chose to read the whole table).
    // Another transliteration of the same name ("Велиев" for "Vəliyev") is found by its name key's words.
    const words = sameNameWords(table, options.q);
    const closeOrSameName = words
      ? sql`(${folded} <% ${table.searchText} or ${words})`
      : sql`${folded} <% ${table.searchText}`;
    const close = and(filters, closeOrSameName);
    const found = new Set(ids);
    ids = [...ids, ...(await rankedIds(db, table, close, keys)).filter((id) => !found.has(id))];
  }
  const counted = { total: Math.min(ids.length, broadMatches), more: ids.length > broadMatches };
  if (options.all) return { where, order: order(keys), ...everything, ...counted };
  const pageIds = ids.slice(0, broadMatches).slice(pageWindow.offset, pageWindow.offset + options.pageSize);
  if (pageIds.length === 0) return { where: sql`false`, order: [], ...pageWindow, offset: 0, ...counted };
  // One array parameter, not one per id: the statement's text stays the same whatever the page holds, so it is
  // prepared once (decision 16).
  const listed = sql`${sql.param(pageIds)}::int[]`;
  return {
    where: sql`${table.id} = any(${listed})`,
    order: [sql`array_position(${listed}, ${table.id})`],
    limit: options.pageSize,
    offset: 0,
    ...counted,
  };
}
