/**
 * Running one claimed job to its end, with its heartbeat: done (or, if recurring, queued again), retried later,
 * failed for good (the handler told to give up), or handed back when its worker stops.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../db/client";
import { describeError, type Logger } from "../log";
import { completeJob, failJob, type Job, type JobKind, LeaseLost, releaseJob, renewLease } from "./queue";

export type JobContext = { db: Db; job: Job; signal: AbortSignal; log: Logger };

export type JobHandler = {
  /**
   * Does the work. Long work checks `signal` between steps: aborted, it throws its reason and writes nothing more.
   * What it returns is given to whoever ran the job in their own process (the CLI shows an import's counts).
   */
  run: (payload: Record<string, unknown>, context: JobContext) => Promise<unknown>;
  /** When the job fails for good (its attempts used up): leaves the work in a state a user can see and retry. */
  giveUp?: (payload: Record<string, unknown>, context: JobContext) => Promise<void>;
  /** A recurring job: one row, queued again this long after each run, failed or not; it never gives up. */
  everyMs?: number;
};

export type JobHandlers = Partial<Record<JobKind, JobHandler>>;

/** The worker is stopping: the job is handed back, not failed. */
export class WorkerStopping extends Error {
  constructor() {
    super("the worker is stopping");
  }
}

export const defaultLeaseMs = 30_000;

/** Names a worker in the job table: which machine and process holds a job. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** Retries of a failed job wait longer each time: 5 s, 20 s, 45 s, … */
const retryDelayMs = (attempts: number) => 5000 * attempts ** 2;

/** Returns what the handler returned; undefined when it did not finish. */
export async function runClaimedJob(
  db: Db,
  job: Job,
  handlers: JobHandlers,
  { leaseMs, log, stopping }: { leaseMs: number; log: Logger; stopping?: AbortSignal },
): Promise<unknown> {
  const handler = handlers[job.kind];
  const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts };
  if (!handler) throw new Error(`no handler for ${job.kind} jobs`); // claimJob takes only handled kinds
  // Stopped while this job was being claimed: straight back.
  if (stopping?.aborted) return releaseJob(db, job);
  const controller = new AbortController();
  const stop = () => controller.abort(stopping?.reason);
  stopping?.addEventListener("abort", stop);
  const heartbeat = keepLease(db, job, leaseMs, controller, log);
  const context = { db, job, signal: controller.signal, log };
  try {
    if (handler.everyMs === undefined && job.attempts > job.maxAttempts) {
      await giveUp(db, job, handler, context, job.lastError ?? "the worker running it stopped each time");
      return undefined;
    }
    // Recurring jobs run every few seconds: their runs are logged only at debug level.
    const note = handler.everyMs === undefined ? log.info : log.debug;
    const started = Date.now();
    note("job started", fields);
    const result = await handler.run(job.payload, context);
    await completeJob(db, job, handler.everyMs);
    note("job done", { ...fields, ms: Date.now() - started });
    return result;
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : undefined;
    if (error instanceof LeaseLost || reason instanceof LeaseLost) {
      log.warn("job taken over by another worker after its lease lapsed", fields);
    } else if (reason instanceof WorkerStopping) {
      await releaseJob(db, job);
      log.info("job handed back: the worker is stopping", fields);
    } else if (handler.everyMs !== undefined) {
      await completeJob(db, job, handler.everyMs, describeError(error));
      log.error("recurring job failed, to run again as usual", { ...fields, error: describeError(error) });
    } else if (job.attempts < job.maxAttempts) {
      await failJob(db, job, describeError(error), retryDelayMs(job.attempts));
      log.error("job failed, to be retried", { ...fields, error: describeError(error) });
    } else {
      await giveUp(db, job, handler, context, describeError(error));
    }
    return undefined;
  } finally {
    clearInterval(heartbeat);
    stopping?.removeEventListener("abort", stop);
  }
}

/** Fails the job for good, after its handler has left its work in a state a user can see. */
async function giveUp(db: Db, job: Job, handler: JobHandler, context: JobContext, error: string) {
  try {
    await handler.giveUp?.(job.payload, context);
  } finally {
    await failJob(db, job, error, null);
    context.log.error("job failed for good", { jobId: job.id, kind: job.kind, attempt: job.attempts, error });
  }
}

/** Renews the lease every third of it; a renewal that finds the job taken aborts the work. */
function keepLease(
  db: Db,
  job: Job,
  leaseMs: number,
  controller: AbortController,
  log: Logger,
): NodeJS.Timeout {
  let renewing = false;
  return setInterval(async () => {
    if (renewing) return;
    renewing = true;
    try {
      if (!(await renewLease(db, job, leaseMs))) controller.abort(new LeaseLost(job));
    } catch (error) {
      log.warn("could not renew a job's lease", { jobId: job.id, error: describeError(error) });
    } finally {
      renewing = false;
    }
  }, leaseMs / 3);
}
