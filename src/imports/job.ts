/**
 * Imports run as jobs (src/jobs): the request that starts one marks it running and queues its job in one transaction,
 * and returns at once; the status page follows it. Any worker of any process may write it; one that dies mid-import
 * leaves nothing written (one transaction), and the job is taken again once its lease lapses. The CLI runs its
 * imports through the same table, holding the job itself.
 */
import type { Actor } from "../auth/users";
import type { Db } from "../db/client";
import { claimJob, enqueueJob, finishJobWithin, type Job, type NewJob } from "../jobs/queue";
import { defaultLeaseMs, type JobHandler, newWorkerId, runClaimedJob } from "../jobs/run";
import { createLogger, type Logger } from "../log";
import { claimImport, executeImport, failImport, getImport, type ImportHooks, type RunResult } from "./run";

type ImportJobPayload = { importId: number; actor: Actor; today: string };

const jobKey = (importId: number) => `import:${importId}`;

/** Claims the import (marks it running) and queues its job, in one transaction; false when it was not waiting to run. */
async function queueImportJob(
  db: Db,
  id: number,
  actor: Actor,
  today: string,
  heldBy?: NewJob["heldBy"],
): Promise<{ claimed: boolean; job?: Job }> {
  return db.transaction(async (tx) => {
    const record = await claimImport(tx, id);
    if (!record) return { claimed: false };
    const payload: ImportJobPayload = { importId: id, actor: { userId: actor.userId }, today };
    // A job still queued for this import (a failed attempt waiting for its retry) runs it just the same.
    const job = await enqueueJob(tx, { kind: "import", key: jobKey(id), payload, heldBy });
    return { claimed: true, job };
  });
}

/** For the wizard: claims the import and queues its job for any worker; false when it was not waiting to run. */
export async function startImport(db: Db, id: number, actor: Actor, today: string): Promise<boolean> {
  return (await queueImportJob(db, id, actor, today)).claimed;
}

/** How a worker runs an import job; `hooks.failAt` lets the fault test make the database fail part-way. */
export function importJob(hooks: Pick<ImportHooks, "failAt"> = {}): JobHandler {
  return {
    async run(payload, { db, job, signal, log }): Promise<RunResult> {
      const { importId, actor, today } = payload as ImportJobPayload;
      const record = await getImport(db, importId);
      // Written already (its job ended with it), undone, or deleted: nothing is left to do.
      if (record?.status !== "running") return { ok: false, error: record?.status ?? "missing" };
      const result = await executeImport(db, record, actor, today, {
        ...hooks,
        signal,
        beforeCommit: (tx) => finishJobWithin(tx, job),
      });
      // The import keeps the reason for its page; the log gets it once, with the import's id.
      if (!result.ok) log.error("import failed", { importId, jobId: job.id, error: result.error });
      return result;
    },
    async giveUp(payload, { db }) {
      await failImport(db, (payload as ImportJobPayload).importId, "interrupted");
    },
  };
}

/**
 * Runs the import in this process (the CLI, tests) and returns what it did, through the job table like any import:
 * its job is held here, with a heartbeat, so should this process die, a server's worker finishes it. Runs an import
 * waiting to run (uploaded, mapped, previewed, failed before), or takes over the job of one whose process died once
 * its lease has lapsed; refused otherwise.
 */
export async function runImport(
  db: Db,
  id: number,
  actor: Actor,
  today: string,
  {
    failAt,
    leaseMs = defaultLeaseMs,
    log = createLogger("silent"),
  }: Pick<ImportHooks, "failAt"> & { leaseMs?: number; log?: Logger } = {},
): Promise<RunResult> {
  const workerId = newWorkerId();
  const { job: queued } = await queueImportJob(db, id, actor, today, { workerId, leaseMs });
  const job = queued ?? (await claimJob(db, workerId, leaseMs, { kinds: ["import"], key: jobKey(id) }));
  if (!job) return { ok: false, error: (await getImport(db, id))?.status ?? "missing" };
  const result = await runClaimedJob(db, job, { import: importJob({ failAt }) }, { leaseMs, log });
  return (result as RunResult | undefined) ?? { ok: false, error: "interrupted" };
}
