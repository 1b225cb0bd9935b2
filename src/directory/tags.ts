/** The tags already in use on a kind of record, for the tag filter's suggestions. */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { organizations, people } from "../db/schema";

export async function listTags(db: Db, table: typeof organizations | typeof people): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tag: sql<string>`unnest(${table.tags})` })
    .from(table)
    .orderBy(sql`1`)
    .limit(500);
  return rows.map((row) => row.tag);
}
