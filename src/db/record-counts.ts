/**
 * Counts the database keeps (migration 0007): the organisations and people not archived, the activities not
 * cancelled, the attended participations and the contacts. Every writing statement adds a row of what it changed,
 * so a count is exact as of the reader's snapshot and costs a few rows, however large the tables.
 */
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "./client";

export const recordCounters = ["organizations", "people", "activities", "attended", "interactions"] as const;
export type RecordCounts = Record<(typeof recordCounters)[number], number>;

/** Any number stable across releases: the key of the advisory lock that lets one worker at a time fold the rows. */
const foldLockKey = 7_265_003;

/** Past this many rows they are folded into one per count (a few statements' worth, read in well under 1 ms). */
const foldAfterRows = 200;

export async function readRecordCounts(db: Db): Promise<RecordCounts> {
  const rows = rowsOf<{ counter: string; total: string | number }>(
    await db.execute(sql`select counter, sum(delta) as total from record_counts group by counter`),
  );
  const counts = Object.fromEntries(recordCounters.map((counter) => [counter, 0])) as RecordCounts;
  for (const row of rows) {
    if (row.counter in counts) counts[row.counter as keyof RecordCounts] = Number(row.total);
  }
  return counts;
}

/** How many rows the counts are kept in now: past a few hundred, the recurring job folds them (a GET writes nothing). */
export async function foldRecordCountsIfMany(db: Db): Promise<void> {
  const [row] = rowsOf<{ rows: string | number }>(
    await db.execute(sql`select count(*) as rows from record_counts`),
  );
  if (Number(row?.rows ?? 0) > foldAfterRows) await foldRecordCounts(db);
}

/**
 * Replaces the rows of each count by their sum, in one statement. It deletes only rows committed before it began (a
 * writer's uncommitted row is not seen, so never waited for) and writes back exactly what it deleted, so a writer
 * committing meanwhile is neither lost nor counted twice. One worker folds at a time; the others do not wait.
 */
export async function foldRecordCounts(db: Db): Promise<void> {
  const folded = await db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${foldLockKey}) as locked`),
    );
    if (!lock?.locked) return false;
    await tx.execute(sql`
      with gone as (delete from record_counts returning counter, delta)
      insert into record_counts (counter, delta) select counter, sum(delta) from gone group by counter`);
    return true;
  });
  // The deleted rows would otherwise stay in the table's pages: the embedded database has no autovacuum.
  if (folded) await db.execute(sql`vacuum record_counts`);
}
