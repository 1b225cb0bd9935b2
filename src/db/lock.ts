/** A lock file guarding the embedded database folder: PGlite is one process's, never shared. */

import { randomUUID } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {}

type LockOwner = { pid: number; holder: string; token?: string };

/**
 * This process's mark in the locks it writes. A pid alone does not tell a lock's owner: in a container the server is
 * PID 1 in every life, so after a restart it finds the lock its previous life left, with its own pid, alive.
 */
const processToken = randomUUID();

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A lock with our pid is held only if this process wrote it; one with another pid, while that process runs. (Pids
 * say nothing across containers sharing one folder, either way: a data folder is for one process on one machine.)
 */
function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return owner.token === processToken;
  return processIsAlive(owner.pid);
}

/**
 * Takes the lock on dataDir or throws DataDirLockedError. A lock left by a process that died, or by an earlier
 * process that had this one's pid, is taken over; a second lock in this same process is refused.
 */
export function lockDataDir(dataDir: string, holder: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, "roundtable.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      const owner = { pid: process.pid, holder, since: new Date().toISOString(), token: processToken };
      writeSync(fd, JSON.stringify(owner));
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
      if (owner && ownerIsAlive(owner)) throw inUse(dataDir, owner);
      // An empty or torn lock is usually one another process is writing this instant, not a stale one.
      if (!owner && lockAgeMs(path) < halfWrittenGraceMs) {
        throw new DataDirLockedError(
          `The database in ${dataDir} is in use by another Roundtable process that is starting; stop it first or use another DATA_DIR.`,
        );
      }
      takeOverStaleLock(path, owner, dataDir);
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}; another process keeps taking it.`);
}

const halfWrittenGraceMs = 5000;

function inUse(dataDir: string, owner: LockOwner): DataDirLockedError {
  return new DataDirLockedError(
    `The database in ${dataDir} is in use by another Roundtable process (${owner.holder}, pid ${owner.pid}); stop it first or use another DATA_DIR.`,
  );
}

/**
 * Moves a dead process's lock aside (rename is atomic: of two processes taking over, one moves it, the other finds
 * nothing to move). If what was moved turns out to be a live process's fresh lock, it is put back and we give up.
 */
function takeOverStaleLock(path: string, judged: LockOwner | null, dataDir: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readLockOwner(aside);
  try {
    const another = moved && (moved.pid !== judged?.pid || moved.token !== judged?.token);
    if (moved && another && ownerIsAlive(moved)) {
      try {
        linkSync(aside, path);
      } catch {
        // Someone else holds the lock by now, or the file system has no hard links: either way, not ours.
      }
      throw inUse(dataDir, moved);
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function readLockOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8"));
    return typeof parsed.pid === "number" ? parsed : null;
  } catch {
    return null;
  }
}
