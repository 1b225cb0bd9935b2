/**
 * The job table's SQL: enqueue, claim with a lease (`FOR UPDATE SKIP LOCKED`, so any number of workers share it),
 * renew the lease, and end a job (done, queued again, released, failed). The same statements run on PGlite and on
 * PostgreSQL. See docs/decisions/0013-durable-jobs.md.
 */
import { sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import type { jobKinds } from "../db/schema/enums";

/** A duration as an interval, typed for both drivers. */
const millis = (ms: number) => sql`(${Math.round(ms)}::float8 * interval '1 millisecond')`;

export type JobKind = (typeof jobKinds)[number];

export type Job = {
  id: number;
  kind: JobKind;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  lockedBy: string;
  lastError: string | null;
};

type JobRow = {
  id: number;
  kind: JobKind;
  payload: Record<string, unknown> | string;
  attempts: number;
  max_attempts: number;
  locked_by: string;
  last_error: string | null;
};

function jobOf(row: JobRow): Job {
  return {
    id: Number(row.id),
    kind: row.kind,
    payload: typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    lockedBy: row.locked_by,
    lastError: row.last_error,
  };
}

export type NewJob = {
  kind: JobKind;
  payload?: Record<string, unknown>;
  /** One queued or running job per key: a second request for the same work is dropped (undefined returned). */
  key?: string;
  /** Later than now: the job waits until then. */
  delayMs?: number;
  maxAttempts?: number;
  /** Queued already taken by this worker, for this lease: a process that runs the job itself (the CLI). */
  heldBy?: { workerId: string; leaseMs: number };
};

/**
 * Adds a job (in the caller's transaction when given one, so it exists exactly when the work it is for does); with
 * `heldBy`, the job as that worker's claim returns it. Undefined when a job with its key is queued or running already.
 */
export async function enqueueJob(db: Db | Tx, job: NewJob): Promise<Job | undefined> {
  const held = job.heldBy;
  const [row] = rowsOf<JobRow>(
    await db.execute(sql`
      insert into jobs (kind, payload, key, run_at, max_attempts, status, attempts, locked_by, lease_until)
      values (${job.kind}, ${JSON.stringify(job.payload ?? {})}::jsonb, ${job.key ?? null},
              now() + ${millis(job.delayMs ?? 0)}, ${job.maxAttempts ?? 5},
              ${held ? "running" : "queued"}, ${held ? 1 : 0}, ${held?.workerId ?? null},
              ${held ? sql`now() + ${millis(held.leaseMs)}` : null})
      on conflict (key) where status in ('queued', 'running') do nothing
      returning id, kind, payload, attempts, max_attempts, locked_by, last_error`),
  );
  return row ? jobOf(row) : undefined;
}

/**
 * Takes the next job that is due, or one whose worker's lease lapsed (it died or hung), and leases it to `workerId`
 * for `leaseMs`. Only jobs of `kinds` (those this process can run: in a rolling upgrade, an older process leaves a
 * newer kind to a newer one), and with `key`, only the job of that key. Rows another worker is claiming this instant
 * are skipped, not waited for.
 */
export async function claimJob(
  db: Db,
  workerId: string,
  leaseMs: number,
  { kinds, key }: { kinds: readonly JobKind[]; key?: string },
): Promise<Job | undefined> {
  const [row] = rowsOf<JobRow>(
    await db.execute(sql`
      with next as (
        select id from jobs
        where ((status = 'queued' and run_at <= now()) or (status = 'running' and lease_until < now()))
          and kind in (${sql.join(
            kinds.map((kind) => sql`${kind}`),
            sql`, `,
          )})
          ${key === undefined ? sql`` : sql`and key = ${key}`}
        order by run_at, id
        limit 1
        for update skip locked
      )
      update jobs j
      set status = 'running', attempts = j.attempts + 1, locked_by = ${workerId},
          lease_until = now() + ${millis(leaseMs)}, updated_at = now()
      from next where j.id = next.id
      returning j.id, j.kind, j.payload, j.attempts, j.max_attempts, j.locked_by, j.last_error`),
  );
  return row ? jobOf(row) : undefined;
}

/** The job's row, while it is still this worker's: every statement that renews or ends a job is limited to it. */
const held = (job: Job) => sql`id = ${job.id} and locked_by = ${job.lockedBy} and status = 'running'`;

/** The heartbeat: extends the lease; false when the job is no longer this worker's (its lease lapsed and was taken). */
export async function renewLease(db: Db, job: Job, leaseMs: number): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      update jobs set lease_until = now() + ${millis(leaseMs)}, updated_at = now() where ${held(job)} returning id`),
  );
  return rows.length === 1;
}

export class LeaseLost extends Error {
  constructor(job: Job) {
    super(`job ${job.id} is no longer held by ${job.lockedBy}`);
  }
}

const done = sql`status = 'done', locked_by = null, lease_until = null, finished_at = now(), updated_at = now()`;

/**
 * Inside a handler's own transaction: proves the job is still this worker's and marks it done, so the work and the
 * job's end commit together (a job is never finished twice, nor its work written twice).
 */
export async function finishJobWithin(tx: Tx, job: Job): Promise<void> {
  const rows = rowsOf(await tx.execute(sql`update jobs set ${done} where ${held(job)} returning id`));
  if (rows.length !== 1) throw new LeaseLost(job);
}

/**
 * Ends a job that did its work: done; or, for a recurring job, queued again `againInMs` from now with its attempts
 * counted from nought (and the error of this run, if it failed, kept).
 */
export async function completeJob(db: Db, job: Job, againInMs?: number, error?: string): Promise<void> {
  await db.execute(
    againInMs === undefined
      ? sql`update jobs set ${done} where ${held(job)}`
      : sql`update jobs set status = 'queued', locked_by = null, lease_until = null, attempts = 0,
              last_error = ${error?.slice(0, 2000) ?? null}, run_at = now() + ${millis(againInMs)}, updated_at = now()
            where ${held(job)}`,
  );
}

/**
 * Ends a failed attempt: queued again after `retryInMs` while attempts remain, else failed for good. The error is
 * kept with the job either way.
 */
export async function failJob(db: Db, job: Job, error: string, retryInMs: number | null): Promise<void> {
  await db.execute(sql`
    update jobs set locked_by = null, lease_until = null, last_error = ${error.slice(0, 2000)}, updated_at = now(),
      ${
        retryInMs === null
          ? sql`status = 'failed', finished_at = now()`
          : sql`status = 'queued', run_at = now() + ${millis(retryInMs)}`
      }
    where ${held(job)}`);
}

/** Hands a job back untouched (the worker is stopping): due at once for another worker, the attempt not counted. */
export async function releaseJob(db: Db, job: Job): Promise<void> {
  await db.execute(sql`
    update jobs set status = 'queued', locked_by = null, lease_until = null, run_at = now(),
      attempts = greatest(attempts - 1, 0), updated_at = now()
    where ${held(job)}`);
}

/** Jobs that ended more than `olderThanMs` ago are forgotten (housekeeping). */
export async function deleteEndedJobs(db: Db, olderThanMs: number): Promise<void> {
  await db.execute(sql`
    delete from jobs
    where status in ('done', 'failed') and finished_at < now() - ${millis(olderThanMs)}`);
}
