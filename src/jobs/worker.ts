/**
 * A process's worker: takes due jobs from the table one at a time, renews their lease while they run (the heartbeat),
 * ends each as done, retried or failed, and on stop hands the running one back. Nothing lives only in memory: a
 * worker that dies leaves its job to lapse and be taken again (see queue.ts).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../db/client";
import { describeError, type Logger } from "../log";
import {
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  type Job,
  type JobKind,
  LeaseLost,
  releaseJob,
  renewLease,
} from "./queue";

export type JobContext = { db: Db; job: Job; signal: AbortSignal; log: Logger };

export type JobHandler = {
  /**
   * Does the work. Long work checks `signal` between steps: aborted, it throws its reason and writes nothing more.
   * What it returns is given to whoever ran the job in their own process (the CLI shows an import's counts).
   */
  run: (payload: Record<string, unknown>, context: JobContext) => Promise<unknown>;
  /** When every attempt was cut off (the worker died each time): leaves the work in a state a user can see and retry. */
  giveUp?: (payload: Record<string, unknown>, context: JobContext) => Promise<void>;
  /** A recurring job: one row, queued again this long after each run. */
  everyMs?: number;
};

export type JobHandlers = Partial<Record<JobKind, JobHandler>>;

/** The worker is stopping: the job is handed back, not failed. */
export class WorkerStopping extends Error {
  constructor() {
    super("the worker is stopping");
  }
}

export type WorkerOptions = {
  db: Db;
  log: Logger;
  handlers: JobHandlers;
  /** How long a job stays this worker's without a heartbeat: a dead worker's job is taken again after at most this. */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs (`wake` looks at once). */
  pollMs?: number;
};

export type Worker = {
  id: string;
  /** Look for a job now (this process just queued one). */
  wake: () => void;
  /** Takes no more jobs, asks the running one to stop, and waits at most `graceMs` for it to be handed back. */
  stop: (graceMs: number) => Promise<void>;
};

export const defaultLeaseMs = 30_000;

/** Names a worker in the job table: which machine and process holds a job. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/** Retries of a failed job wait longer each time: 5 s, 20 s, 45 s, … */
const retryDelayMs = (attempts: number) => 5000 * attempts ** 2;

export function startWorker({
  db,
  log,
  handlers,
  leaseMs = defaultLeaseMs,
  pollMs = 1000,
}: WorkerOptions): Worker {
  const id = newWorkerId();
  const stopping = new AbortController();
  let wakeUp: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function loop(): Promise<void> {
    while (!stopping.signal.aborted) {
      let job: Job | undefined;
      try {
        job = await claimJob(db, id, leaseMs);
      } catch (error) {
        if (stopping.signal.aborted) return;
        log.error("could not look for jobs", { error: describeError(error) });
        await pause(pollMs * 5);
        continue;
      }
      if (!job) {
        await pause(pollMs);
        continue;
      }
      await runClaimedJob(db, job, handlers, { leaseMs, log, stopping: stopping.signal }).catch(
        (error: unknown) => log.error("could not end a job", { jobId: job.id, error: describeError(error) }),
      );
    }
  }

  const done = loop();
  return {
    id,
    wake: () => wakeUp(),
    stop: async (graceMs) => {
      stopping.abort(new WorkerStopping());
      wakeUp();
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}

/** Queues each recurring job once (a no-op where it is queued or running already: one row per kind, for ever). */
export async function scheduleRecurringJobs(db: Db, handlers: JobHandlers): Promise<void> {
  for (const [kind, handler] of Object.entries(handlers)) {
    if (handler?.everyMs !== undefined) await enqueueJob(db, { kind: kind as JobKind, key: kind });
  }
}

/**
 * Runs one claimed job to its end: done (or queued again if recurring), retried later, failed, or handed back.
 * Returns what the handler returned, undefined when it did not finish.
 */
export async function runClaimedJob(
  db: Db,
  job: Job,
  handlers: JobHandlers,
  { leaseMs, log, stopping }: { leaseMs: number; log: Logger; stopping?: AbortSignal },
): Promise<unknown> {
  const handler = handlers[job.kind];
  const fields = { jobId: job.id, kind: job.kind, attempt: job.attempts };
  if (!handler) {
    await failJob(db, job, `no handler for ${job.kind} jobs`, null);
    log.error("job failed: no handler for its kind", fields);
    return undefined;
  }
  const controller = new AbortController();
  const stop = () => controller.abort(stopping?.reason);
  stopping?.addEventListener("abort", stop);
  const heartbeat = keepLease(db, job, leaseMs, controller, log);
  const context = { db, job, signal: controller.signal, log };
  try {
    if (job.attempts > job.maxAttempts) {
      await handler.giveUp?.(job.payload, context);
      await failJob(db, job, job.lastError ?? "the worker running it stopped each time", null);
      log.error("job given up: every attempt was cut off", fields);
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
    const reason = controller.signal.reason;
    if (error instanceof LeaseLost || (controller.signal.aborted && reason instanceof LeaseLost)) {
      log.warn("job taken over by another worker after its lease lapsed", fields);
    } else if (controller.signal.aborted && reason instanceof WorkerStopping) {
      await releaseJob(db, job);
      log.info("job handed back: the worker is stopping", fields);
    } else {
      const retryIn = handler.everyMs ?? (job.attempts < job.maxAttempts ? retryDelayMs(job.attempts) : null);
      await failJob(db, job, describeError(error), retryIn);
      log.error(retryIn === null ? "job failed" : "job failed, to be retried", {
        ...fields,
        error: describeError(error),
      });
    }
    return undefined;
  } finally {
    clearInterval(heartbeat);
    stopping?.removeEventListener("abort", stop);
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
