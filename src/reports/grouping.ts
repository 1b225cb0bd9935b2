/**
 * Several breakdowns of the same rows in one pass: the rows are keyed once (one column per breakdown), then
 * grouped by each key alone and by none (GROUPING SETS), so a million participations are read once, not once per
 * table. Keys are computed in a subquery first: an expression with parameters is not recognised as the same
 * grouping expression twice.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";

/** One group: which key it is grouped by (its index, or null for the total over all rows), its value, its row. */
export type GroupRow = { by: number | null; key: string | null; row: Record<string, unknown> };

/**
 * `from`: the FROM clause (with its joins) the keys and aggregates read; `keys`: one expression per breakdown;
 * `aggregates`: the select list of counts, over the keyed rows (whose columns are `carry` and `k0`, `k1`, …).
 */
export async function groupedBy(
  db: Db | Tx,
  options: { with: SQL; from: SQL; carry: SQL; keys: SQL[]; aggregates: SQL },
): Promise<GroupRow[]> {
  const names = options.keys.map((_, index) => sql.identifier(`k${index}`));
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${options.with},
      keyed as (
        select ${options.carry}, ${sql.join(
          options.keys.map((key, index) => sql`${key} as ${names[index]}`),
          sql`, `,
        )}
        from ${options.from}
      )
      select ${sql.join(
        names.map((name, index) => sql`grouping(${name}) as ${sql.identifier(`g${index}`)}, ${name}`),
        sql`, `,
      )}, ${options.aggregates}
      from keyed group by grouping sets (${sql.join(
        names.map((name) => sql`(${name})`),
        sql`, `,
      )}, ())`),
  );
  return rows.map((row) => {
    const by = options.keys.findIndex((_, index) => Number(row[`g${index}`]) === 0);
    const key = by < 0 ? null : row[`k${by}`];
    return { by: by < 0 ? null : by, key: key === null || key === undefined ? null : String(key), row };
  });
}
