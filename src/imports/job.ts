/**
 * Imports run as jobs (src/jobs): the request that starts one marks it running and queues its job in one transaction,
 * and returns at once; the status page follows it. Any worker of any process may write it; one that dies mid-import
 * leaves nothing written (one transaction), and the job is taken again once its lease lapses.
 */
import type { Actor } from "../auth/users";
import type { Db } from "../db/client";
import { enqueueJob, finishJobWithin } from "../jobs/queue";
import type { JobHandler } from "../jobs/worker";
import { claimImport, executeImport, failImport, getImport } from "./run";

type ImportJobPayload = { importId: number; actor: Actor; today: string };

/** Claims the import and queues its job; false when it was not waiting to run (already running, done, undone). */
export async function startImport(db: Db, id: number, actor: Actor, today: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const record = await claimImport(tx, id);
    if (!record) return false;
    const payload: ImportJobPayload = { importId: id, actor: { userId: actor.userId }, today };
    await enqueueJob(tx, { kind: "import", key: `import:${id}`, payload });
    return true;
  });
}

export const importJob: JobHandler = {
  async run(payload, { db, job, signal, log }) {
    const { importId, actor, today } = payload as ImportJobPayload;
    const record = await getImport(db, importId);
    // Written already (its job ended with it), undone, or deleted: nothing is left to do.
    if (record?.status !== "running") return;
    const result = await executeImport(db, record, actor, today, {
      signal,
      within: (tx) => finishJobWithin(tx, job),
    });
    // The import keeps the reason for its page; the log gets it once, with the import's id.
    if (!result.ok) log.error("import failed", { importId, jobId: job.id, error: result.error });
  },
  async giveUp(payload, { db }) {
    await failImport(db, (payload as ImportJobPayload).importId, "interrupted");
  },
};
