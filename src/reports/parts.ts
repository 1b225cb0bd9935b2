/**
 * Several lists from one statement: each CTE's rows as JSON tagged with the list's name, in one UNION ALL, so work
 * the lists share (a join to every reached person, the partners' activities ever) is done once, not per statement.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";

/**
 * Runs `with` followed by the union of the named CTEs' rows; returns each CTE's rows by its name, in the CTE's own
 * order (a UNION ALL appends its parts one after another, each CTE read back as it was written).
 */
export async function queryParts<Name extends string>(
  db: Db | Tx,
  with_: SQL,
  names: readonly Name[],
): Promise<Record<Name, Record<string, unknown>[]>> {
  const selects = names.map(
    (name) => sql`select ${name}::text as part, to_jsonb(x) as row from ${sql.identifier(name)} x`,
  );
  const rows = rowsOf<{ part: Name; row: Record<string, unknown> }>(
    await db.execute(sql`${with_} ${sql.join(selects, sql` union all `)}`),
  );
  const parts = Object.fromEntries(names.map((name) => [name, [] as Record<string, unknown>[]]));
  for (const { part, row } of rows) parts[part]?.push(row);
  return parts as Record<Name, Record<string, unknown>[]>;
}
