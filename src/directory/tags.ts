/** The tags already in use on a kind of record, a few that match what is being typed (a tags field, the tag filter). */
import { desc, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { organizations, people } from "../db/schema";

type TaggedTable = typeof organizations | typeof people;

/**
 * Up to ten tags in use that contain `fragment`, in any case: those starting with it first, then the most used.
 * `exclude`: the tags the field already has.
 */
export async function suggestTags(db: Db, table: TaggedTable, fragment: string, exclude: string[]) {
  if (fragment === "") return [];
  const used = db
    .select({ tag: sql<string>`unnest(${table.tags})`.as("tag") })
    .from(table)
    .as("used");
  // strpos, not like: what is typed needs no escaping.
  const position = sql<number>`strpos(lower(${used.tag}), lower(${fragment}))`;
  const rows = await db
    .select({ tag: used.tag })
    .from(used)
    .where(sql`${position} > 0 and ${notInArray(used.tag, exclude)}`)
    .groupBy(used.tag)
    .orderBy(desc(sql`${position} = 1`), desc(sql`count(*)`), used.tag)
    .limit(10);
  return rows.map((row) => row.tag);
}

/**
 * A comma-separated field as it is being typed: the item after the last comma or semicolon (as the forms split
 * lists), the items before it, and the text before it kept as typed, so "refugees, yo" completes to "refugees, youth".
 */
export function itemBeingTyped(typed: string): { head: string; item: string; earlier: string[] } {
  const cut = Math.max(typed.lastIndexOf(","), typed.lastIndexOf(";")) + 1;
  const rest = typed.slice(cut);
  const head = typed.slice(0, cut + rest.length - rest.trimStart().length);
  const earlier = typed
    .slice(0, cut)
    .split(/[,;]/)
    .map((item) => item.trim())
    .filter(Boolean);
  return { head, item: rest.trim(), earlier };
}
