/**
 * Two writes made to overlap on the real PostgreSQL, without sleeps: the first writes and holds its transaction open
 * until the second, on a connection of its own, is seen waiting for a lock (or has finished); then the first commits.
 */
import postgres from "postgres";
import type { Db, Tx } from "../../src/db/client";
import { postgresDatabase } from "../../src/db/client";

export type Hold = () => Promise<void>;
export type OverlappingConnections = Awaited<ReturnType<typeof connectAgain>>;

const waitLimitMs = 10_000;

/** A second connection pool to the database at `url`, and a watcher that sees which sessions wait for a lock. */
export function connectAgain(url: string) {
  const other = postgresDatabase(url, 2);
  const watcher = postgres(url, { max: 1, onnotice: () => {} });
  const lockWaits = async () => {
    const [row] = await watcher<{ waiting: number }[]>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    return row?.waiting ?? 0;
  };

  /**
   * `first` calls `hold` inside its transaction once it has written; `second` starts then, and the first commits
   * only when the second waits for a lock or is done. Both results, in that order.
   */
  async function overlap<A, B>(first: (hold: Hold) => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const firstDone = first(async () => {
      holding();
      await released;
    });
    await Promise.race([held, firstDone]);
    let secondSettled = false;
    const secondDone = second();
    secondDone.then(
      () => {
        secondSettled = true;
      },
      () => {
        secondSettled = true;
      },
    );
    const deadline = Date.now() + waitLimitMs;
    while (!secondSettled && (await lockWaits()) === 0) {
      if (Date.now() > deadline) throw new Error("the second write neither waited for a lock nor finished");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    release();
    return [await firstDone, await secondDone];
  }

  /** `overlap` for two writes that are each one transaction: the first on `db`, the second on the other connection. */
  function overlapTransactions<A, B>(
    db: Db,
    first: (tx: Tx) => Promise<A>,
    second: (tx: Tx) => Promise<B>,
  ): Promise<[A, B]> {
    return overlap(
      (hold) =>
        db.transaction(async (tx) => {
          const result = await first(tx);
          await hold();
          return result;
        }),
      () => other.db.transaction(second),
    );
  }

  return {
    db: other.db,
    overlap,
    overlapTransactions,
    close: async () => {
      await watcher.end();
      await other.close();
    },
  };
}
