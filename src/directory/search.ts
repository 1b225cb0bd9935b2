/** The trigram match shared by every directory search: any part of a name, email or phone, in any script. */
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { foldText } from "../text/search-text";

export type SearchMatch = { where: SQL; rank: SQL };

/** Substring (ilike) or close spelling (word similarity), best first; both use the search_text trigram index. */
export function matchSearchText(searchText: AnyPgColumn, query: string): SearchMatch | null {
  const folded = foldText(query);
  if (folded === "") return null;
  const substring = `%${folded.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return {
    where: sql`(${searchText} ilike ${substring} or ${folded} <% ${searchText})`,
    rank: sql`word_similarity(${folded}, ${searchText})`,
  };
}
