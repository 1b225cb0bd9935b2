/**
 * Imports run in the background of the server process that was asked: the request that starts one returns at once,
 * and the status page follows it. A process that stops mid-import (a crash, a restart) leaves nothing written (one
 * transaction) and the import marked running; at start-up such imports are marked failed, to be run again.
 */
import { eq } from "drizzle-orm";
import type { Actor } from "../auth/users";
import type { Db } from "../db/client";
import { imports } from "../db/schema";
import type { Logger } from "../log";
import { describeError } from "../log";
import { claimImport, executeImport } from "./run";

/**
 * Claims the import (so the page the user is sent to already says "running") and goes on writing it without
 * waiting; false when it was not waiting to run. What happens next is recorded on the import itself.
 */
export async function startImport(
  db: Db,
  id: number,
  actor: Actor,
  today: string,
  log?: Logger,
): Promise<boolean> {
  const record = await claimImport(db, id);
  if (!record) return false;
  executeImport(db, record, actor, today).catch((error: unknown) => {
    log?.error("import failed outside its transaction", { importId: id, error: describeError(error) });
  });
  return true;
}

/** At start-up: an import still "running" was cut off when the process stopped; it wrote nothing and can be run again. */
export async function failInterruptedImports(db: Db): Promise<number> {
  const rows = await db
    .update(imports)
    .set({ status: "failed", error: "interrupted", finishedAt: new Date(), updatedAt: new Date() })
    .where(eq(imports.status, "running"))
    .returning({ id: imports.id });
  return rows.length;
}
