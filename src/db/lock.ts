/** A lock file guarding the embedded database folder: PGlite is one process's, never shared. */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock on dataDir or throws DataDirLockedError. A lock left by a process that died is taken over. */
export function lockDataDir(dataDir: string, holder: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "roundtable.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readLockOwner(path);
      if (owner && processIsAlive(owner.pid)) {
        throw new DataDirLockedError(
          `The database in ${dataDir} is in use by another Roundtable process (${owner.holder}, pid ${owner.pid}); stop it first or use another DATA_DIR.`,
        );
      }
      // An empty or torn lock is usually one another process is writing this instant, not a stale one.
      if (!owner && lockAgeMs(path) < halfWrittenGraceMs) {
        throw new DataDirLockedError(
          `The database in ${dataDir} is in use by another Roundtable process that is starting; stop it first or use another DATA_DIR.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}; another process keeps taking it.`);
}

const halfWrittenGraceMs = 5000;

function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function readLockOwner(path: string): { pid: number; holder: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8"));
    return typeof parsed.pid === "number" ? parsed : null;
  } catch {
    return null;
  }
}
