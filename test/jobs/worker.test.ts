/** The job table and its worker: run once, retried with the error kept, taken again after a lapsed lease, handed back on stop. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postgresDatabase, rowsOf } from "../../src/db/client";
import {
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  finishJobWithin,
  type Job,
  LeaseLost,
  renewLease,
} from "../../src/jobs/queue";
import { type JobHandlers, runClaimedJob, WorkerStopping } from "../../src/jobs/run";
import { scheduleRecurringJobs, startWorker, type Worker } from "../../src/jobs/worker";
import { createLogger } from "../../src/log";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { waitUntil } from "../helpers/instances";

let database: TestDatabase;
const kinds = ["import", "clean_up", "first_attendances"] as const;
const lines: string[] = [];
const log = createLogger("info", {}, (_level, line) => lines.push(line));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  lines.length = 0;
  await database.db.execute(sql`delete from jobs`);
});

type Row = {
  status: string;
  attempts: number;
  last_error: string | null;
  locked_by: string | null;
  due_in: number;
};
async function jobRow(id: number): Promise<Row> {
  const [row] = rowsOf<Row>(
    await database.db.execute(sql`
      select status, attempts, last_error, locked_by, extract(epoch from run_at - now())::float8 as due_in
      from jobs where id = ${id}`),
  );
  if (!row) throw new Error(`no job ${id}`);
  return row;
}

describe("queueing", () => {
  it("keeps one queued job per key: asking again for the same work joins it", async () => {
    const first = await enqueueJob(database.db, { kind: "clean_up", key: "same" });
    const second = await enqueueJob(database.db, { kind: "clean_up", key: "same" });
    expect(first?.id).toBeTypeOf("number");
    expect(second).toBeUndefined();
    // Once the first has ended, the key is free again.
    const job = (await claimJob(database.db, "w", 30_000, { kinds })) as Job;
    await completeJob(database.db, job);
    expect((await enqueueJob(database.db, { kind: "clean_up", key: "same" }))?.id).toBeTypeOf("number");
  });

  it("does not hand out a job before it is due", async () => {
    await enqueueJob(database.db, { kind: "clean_up", delayMs: 60_000 });
    expect(await claimJob(database.db, "w", 30_000, { kinds })).toBeUndefined();
  });
});

describe("a worker", () => {
  let worker: Worker | undefined;
  afterAll(async () => worker?.stop(1000));

  it("runs each queued job once, with its payload, and marks it done", async () => {
    const seen: number[] = [];
    const handlers: JobHandlers = {
      import: { run: async (payload) => void seen.push(payload.n as number) },
    };
    const ids = [];
    for (const n of [1, 2, 3])
      ids.push((await enqueueJob(database.db, { kind: "import", payload: { n } }))?.id);
    worker = startWorker({ db: database.db, log, handlers, pollMs: 50 });
    await waitUntil(async () => seen.length === 3, 10_000, "the jobs have run");
    await worker.stop(1000);
    expect(seen.sort()).toEqual([1, 2, 3]);
    for (const id of ids) expect((await jobRow(id as number)).status).toBe("done");
  });

  it("keeps the error of a failed attempt and tries again later, then fails for good", async () => {
    const id = (await enqueueJob(database.db, { kind: "import", maxAttempts: 2 }))?.id as number;
    const handlers: JobHandlers = {
      import: {
        run: async () => {
          throw new Error("the partner's file is broken");
        },
      },
    };
    const first = (await claimJob(database.db, "w", 30_000, { kinds })) as Job;
    await runClaimedJob(database.db, first, handlers, { leaseMs: 30_000, log });
    const retried = await jobRow(id);
    expect(retried).toMatchObject({ status: "queued", attempts: 1, locked_by: null });
    expect(retried.last_error).toContain("the partner's file is broken");
    expect(retried.due_in).toBeGreaterThan(1);
    expect(lines.filter((line) => line.includes("ERROR") && line.includes(`jobId=${id}`))).toHaveLength(1);

    await database.db.execute(sql`update jobs set run_at = now() where id = ${id}`);
    const second = (await claimJob(database.db, "w", 30_000, { kinds })) as Job;
    await runClaimedJob(database.db, second, handlers, { leaseMs: 30_000, log });
    expect(await jobRow(id)).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("queues a recurring job once however often it is scheduled, and again after each run", async () => {
    let runs = 0;
    const handlers: JobHandlers = { clean_up: { everyMs: 60_000, run: async () => void runs++ } };
    await scheduleRecurringJobs(database.db, handlers);
    await scheduleRecurringJobs(database.db, handlers);
    const [count] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from jobs`),
    );
    expect(count?.n).toBe(1);
    const job = (await claimJob(database.db, "w", 30_000, { kinds })) as Job;
    await runClaimedJob(database.db, job, handlers, { leaseMs: 30_000, log });
    expect(runs).toBe(1);
    const again = await jobRow(job.id);
    expect(again.status).toBe("queued");
    expect(again.due_in).toBeGreaterThan(50);
  });

  it("hands the running job back when it stops, for another worker to take at once", async () => {
    const id = (await enqueueJob(database.db, { kind: "import" }))?.id as number;
    let started = false;
    const handlers: JobHandlers = {
      import: {
        run: (_payload, { signal }) =>
          new Promise((_resolve, reject) => {
            started = true;
            signal.addEventListener("abort", () => reject(signal.reason));
          }),
      },
    };
    worker = startWorker({ db: database.db, log, handlers, pollMs: 50 });
    await waitUntil(async () => started, 10_000, "the jobs have run");
    await worker.stop(5000);
    expect(await jobRow(id)).toMatchObject({ status: "queued", attempts: 0, locked_by: null });
    expect((await claimJob(database.db, "other", 30_000, { kinds }))?.id).toBe(id);
  });
});

describe("a job that keeps failing", () => {
  it("if recurring, runs again as usual however often it fails, keeping the last error", async () => {
    const handlers: JobHandlers = {
      first_attendances: {
        everyMs: 1,
        run: async () => {
          throw new Error("the catch-up failed");
        },
      },
    };
    await scheduleRecurringJobs(database.db, handlers);
    for (let run = 0; run < 8; run++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const job = (await claimJob(database.db, "w", 30_000, { kinds })) as Job;
      expect(job).toBeDefined();
      await runClaimedJob(database.db, job, handlers, { leaseMs: 30_000, log });
    }
    const [row] = rowsOf<Row & { kind: string }>(await database.db.execute(sql`select * from jobs`));
    expect(row).toMatchObject({ status: "queued", attempts: 0 });
    expect(row?.last_error).toContain("the catch-up failed");
  });

  it("else, at its last attempt, is failed for good after its handler gives up", async () => {
    const id = (await enqueueJob(database.db, { kind: "import", maxAttempts: 1 }))?.id as number;
    const called: string[] = [];
    const handlers: JobHandlers = {
      import: {
        run: async () => {
          throw new Error("the database went away");
        },
        giveUp: async () => void called.push("giveUp"),
      },
    };
    const job = (await claimJob(database.db, "w", 30_000, { kinds })) as Job;
    await runClaimedJob(database.db, job, handlers, { leaseMs: 30_000, log });
    expect(called).toEqual(["giveUp"]);
    expect(await jobRow(id)).toMatchObject({ status: "failed", attempts: 1 });
  });
});

describe("a job and its worker's stop", () => {
  it("claimed as the worker stops, goes straight back without running", async () => {
    const id = (await enqueueJob(database.db, { kind: "import" }))?.id as number;
    const ran: number[] = [];
    const stopping = new AbortController();
    const job = (await claimJob(database.db, "w", 30_000, { kinds })) as Job;
    stopping.abort(new WorkerStopping());
    const handlers: JobHandlers = { import: { run: async () => void ran.push(job.id) } };
    await runClaimedJob(database.db, job, handlers, { leaseMs: 30_000, log, stopping: stopping.signal });
    expect(ran).toEqual([]);
    expect(await jobRow(id)).toMatchObject({ status: "queued", attempts: 0, locked_by: null });
  });
});

describe("the heartbeat", () => {
  it("keeps a job longer than its lease its worker's: another worker never takes it", async () => {
    const id = (await enqueueJob(database.db, { kind: "import" }))?.id as number;
    const runs: string[] = [];
    const slow = (name: string): JobHandlers => ({
      import: {
        run: async () => {
          runs.push(name);
          await new Promise((resolve) => setTimeout(resolve, 3000));
        },
      },
    });
    const first = startWorker({ db: database.db, log, handlers: slow("first"), leaseMs: 1000, pollMs: 20 });
    await waitUntil(async () => runs.length === 1, 10_000, "the jobs have run");
    const second = startWorker({ db: database.db, log, handlers: slow("second"), leaseMs: 1000, pollMs: 20 });
    await waitUntil(async () => (await jobRow(id)).status === "done", 10_000, "the jobs have run");
    await Promise.all([first.stop(1000), second.stop(1000)]);
    expect(runs).toEqual(["first"]);
    expect(await jobRow(id)).toMatchObject({ status: "done", attempts: 1 });
  });
});

describe("a worker that dies mid-job", () => {
  it("loses the job to another once its lease lapses, and the work is written once", async () => {
    const id = (await enqueueJob(database.db, { kind: "import" }))?.id as number;
    // The first worker takes it and dies: no heartbeat renews its 200 ms lease.
    const dead = (await claimJob(database.db, "dead", 200, { kinds })) as Job;
    expect(await claimJob(database.db, "alive", 30_000, { kinds })).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const taken = (await claimJob(database.db, "alive", 30_000, { kinds })) as Job;
    expect(taken).toMatchObject({ id, attempts: 2 });
    // The dead worker's heartbeat or commit, should it come back to life, finds the job gone.
    expect(await renewLease(database.db, dead, 30_000)).toBe(false);
    await expect(database.db.transaction((tx) => finishJobWithin(tx, dead))).rejects.toBeInstanceOf(
      LeaseLost,
    );
    await database.db.transaction((tx) => finishJobWithin(tx, taken));
    expect((await jobRow(id)).status).toBe("done");
  });

  it("is given up after its last attempt was cut off, leaving the work in a state to retry", async () => {
    const id = (await enqueueJob(database.db, { kind: "import", maxAttempts: 1 }))?.id as number;
    await claimJob(database.db, "dead", 1, { kinds });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const called: string[] = [];
    const handlers: JobHandlers = {
      import: { run: async () => void called.push("run"), giveUp: async () => void called.push("giveUp") },
    };
    const job = (await claimJob(database.db, "alive", 30_000, { kinds })) as Job;
    await runClaimedJob(database.db, job, handlers, { leaseMs: 30_000, log });
    expect(called).toEqual(["giveUp"]);
    expect((await jobRow(id)).status).toBe("failed");
  });

  it("does not end a job another worker holds now", async () => {
    const id = (await enqueueJob(database.db, { kind: "import" }))?.id as number;
    const dead = (await claimJob(database.db, "dead", 1, { kinds })) as Job;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await claimJob(database.db, "alive", 30_000, { kinds });
    await failJob(database.db, dead, "late", null);
    await completeJob(database.db, dead);
    expect(await jobRow(id)).toMatchObject({ status: "running", locked_by: "alive" });
  });
});

describe.skipIf(!process.env.DATABASE_URL)("several workers on one PostgreSQL", () => {
  // PGlite is one connection in one process: workers there cannot overlap, so this needs the server.
  it("share the queue: every job runs exactly once", async () => {
    const pools = [1, 2, 3].map(() => postgresDatabase(database.url as string, 2));
    const runs = new Map<number, number>();
    const handlers: JobHandlers = {
      import: {
        run: async (payload) => {
          const n = payload.n as number;
          runs.set(n, (runs.get(n) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
      },
    };
    for (let n = 0; n < 60; n++) await enqueueJob(database.db, { kind: "import", payload: { n } });
    const workers = pools.map((pool) => startWorker({ db: pool.db, log, handlers, pollMs: 20 }));
    try {
      await waitUntil(async () => runs.size === 60, 20_000, "the jobs have run");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop(2000)));
      await Promise.all(pools.map((pool) => pool.close()));
    }
  });
});
