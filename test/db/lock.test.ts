/** The embedded database folder belongs to one process: a second is refused clearly, a dead holder's lock is taken over. */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "../../src/db/lock";

const folders: string[] = [];
const releases: Array<() => void> = [];

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "roundtable-lock-"));
  folders.push(folder);
  return folder;
}

function lock(folder: string, holder: string): () => void {
  const release = lockDataDir(folder, holder);
  releases.push(release);
  return release;
}

function refusal(folder: string): DataDirLockedError {
  try {
    lock(folder, "cli");
  } catch (error) {
    if (error instanceof DataDirLockedError) return error;
    throw error;
  }
  throw new Error(`a second lock on ${folder} was granted`);
}

afterEach(() => {
  for (const release of releases.splice(0)) release();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("lockDataDir", () => {
  it("writes a lock file naming this process", () => {
    const folder = freshFolder();
    lock(folder, "server");
    const owner = JSON.parse(readFileSync(join(folder, "roundtable.lock"), "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, holder: "server" });
  });

  it("creates a data folder that does not exist yet", () => {
    const folder = join(freshFolder(), "nested", "data");
    lock(folder, "server");
    expect(existsSync(join(folder, "roundtable.lock"))).toBe(true);
  });

  it("refuses a second lock while the first holder lives, saying who holds it", () => {
    const folder = freshFolder();
    lock(folder, "server");
    const error = refusal(folder);
    expect(error.message).toContain(folder);
    expect(error.message).toContain("in use");
    expect(error.message).toContain("server");
    expect(error.message).toContain(`pid ${process.pid}`);
  });

  it("refuses a lock held by another living process", () => {
    const folder = freshFolder();
    writeFileSync(join(folder, "roundtable.lock"), JSON.stringify({ pid: process.ppid, holder: "server" }));
    expect(refusal(folder).message).toContain(`pid ${process.ppid}`);
  });

  it("can be taken again after release, and the file is gone meanwhile", () => {
    const folder = freshFolder();
    const release = lock(folder, "server");
    release();
    expect(existsSync(join(folder, "roundtable.lock"))).toBe(false);
    lock(folder, "cli");
    const owner = JSON.parse(readFileSync(join(folder, "roundtable.lock"), "utf8"));
    expect(owner.holder).toBe("cli");
  });

  it("takes over a stale lock left by a process that died", () => {
    const folder = freshFolder();
    writeFileSync(
      join(folder, "roundtable.lock"),
      JSON.stringify({ pid: 999999, holder: "server", since: "2024-01-01T00:00:00.000Z" }),
    );
    lock(folder, "cli");
    const owner = JSON.parse(readFileSync(join(folder, "roundtable.lock"), "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, holder: "cli" });
  });

  it("takes over a lock with this process's pid left by an earlier process (PID 1 after a container restart)", () => {
    const folder = freshFolder();
    const path = join(folder, "roundtable.lock");
    const earlier = { pid: process.pid, holder: "server", since: "2024-01-01T00:00:00.000Z" };
    writeFileSync(path, JSON.stringify({ ...earlier, token: "an-earlier-life" }));
    lock(folder, "server");
    const owner = JSON.parse(readFileSync(path, "utf8"));
    expect(owner).toMatchObject({ pid: process.pid, holder: "server" });
    expect(owner.token).not.toBe("an-earlier-life");
    expect(owner.since).not.toBe(earlier.since);

    // A lock written before locks carried a token, with our pid, is an earlier life's too.
    releases.pop()?.();
    writeFileSync(path, JSON.stringify(earlier));
    lock(folder, "cli");
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, holder: "cli" });
    // Taken by this very process, it is still refused.
    expect(refusal(folder).message).toContain(`pid ${process.pid}`);
  });

  it("refuses an empty lock file another process may be writing this instant", () => {
    const folder = freshFolder();
    writeFileSync(join(folder, "roundtable.lock"), "");
    expect(refusal(folder).message).toContain("in use");
  });

  it("takes over an empty lock file left long ago by a crash", () => {
    const folder = freshFolder();
    const path = join(folder, "roundtable.lock");
    writeFileSync(path, "");
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path, minuteAgo, minuteAgo);
    lock(folder, "server");
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
  });
});
