/** Likely duplicates of a record about to be saved: the same email, the same phone, or a close name in any script. */
import { and, desc, eq, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { organizations, people } from "../db/schema";
import { foldText } from "../text/search-text";

const tables = {
  person: { table: people, name: people.fullName, path: "/people" },
  organization: { table: organizations, name: organizations.name, path: "/organizations" },
} as const;

export type Candidate = { name: string; email: string | null; phone: string | null };
export type LikelyDuplicate = { id: number; name: string; href: string };

export async function findLikelyDuplicates(
  db: Db | Tx,
  kind: keyof typeof tables,
  candidate: Candidate,
  excludeId?: number,
): Promise<LikelyDuplicate[]> {
  const { table, name, path } = tables[kind];
  const folded = foldText(candidate.name);
  const same: SQL[] = [sql`${folded} <% ${table.searchText}`];
  if (candidate.email) same.push(eq(sql`lower(${table.email})`, candidate.email.toLowerCase()));
  if (candidate.phone) same.push(eq(table.phone, candidate.phone));
  const rows = await db
    .select({ id: table.id, name: sql<string>`${name}` })
    .from(table)
    .where(and(isNull(table.archivedAt), or(...same), excludeId ? ne(table.id, excludeId) : undefined))
    .orderBy(desc(sql`word_similarity(${folded}, ${table.searchText})`))
    .limit(5);
  return rows.map((row) => ({ ...row, href: `${path}/${row.id}` }));
}
