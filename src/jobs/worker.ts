/**
 * A process's worker: takes due jobs from the table one at a time and runs each to its end (run.ts); on stop it
 * takes no more and hands the running one back. Nothing lives only in memory: a worker that dies leaves its job to
 * lapse and be taken again (see queue.ts).
 */
import type { Db } from "../db/client";
import { describeError, type Logger } from "../log";
import { claimJob, enqueueJob, type Job, type JobKind } from "./queue";
import { defaultLeaseMs, type JobHandlers, newWorkerId, runClaimedJob, WorkerStopping } from "./run";

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

export function startWorker({
  db,
  log,
  handlers,
  leaseMs = defaultLeaseMs,
  pollMs = 1000,
}: WorkerOptions): Worker {
  const id = newWorkerId();
  const kinds = Object.keys(handlers) as JobKind[];
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
        job = await claimJob(db, id, leaseMs, { kinds });
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

/** Queues each recurring job once (a no-op where it is queued or running already: one row per kind). */
export async function scheduleRecurringJobs(db: Db, handlers: JobHandlers): Promise<void> {
  for (const [kind, handler] of Object.entries(handlers)) {
    if (handler?.everyMs !== undefined) await enqueueJob(db, { kind: kind as JobKind, key: kind });
  }
}
