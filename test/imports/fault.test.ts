/**
 * The fault test of issue 5: the real CLI imports a big people file in a child process, which is killed (SIGKILL)
 * part-way through the import. Nothing of it is written; the import stays running, its job held by the dead process,
 * and once the job's lease lapses `import run ID` takes the job over and runs it to the end.
 *
 * When to kill. On PostgreSQL the test watches the database: the import row says "running", then the import's own
 * `insert into people` is in flight. The embedded PGlite folder is locked to the child, so the test cannot open it;
 * it watches the child's write-ahead log instead (pg_wal in DATA_DIR): the import row's new status "running" appears
 * there when the run starts, and the people's lower-cased emails (the file writes them in mixed case) appear when the
 * import's transaction is writing people, uncommitted. The child is killed then: mid-transaction.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createPglite, pgliteDatabase } from "../../src/db/client";
import { lockDataDir } from "../../src/db/lock";
import { importRows, imports, jobs, organizations, people } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const rowCount = 60_000;
const organizationCount = 500;
/** Lower-cased, as stored; the file writes the emails in mixed case, so only written people rows contain this. */
const storedEmailDomain = "@fault.example.org";
const timeout = 120_000;

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
type Started = { child: ChildProcessWithoutNullStreams; done: Promise<Run> };

const folders: string[] = [];
function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "roundtable-import-fault-"));
  folders.push(folder);
  return folder;
}
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  // A test that failed part-way may leave its CLI running.
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** The CLI as its own node process (not through the tsx wrapper, which would leave its child running when killed). */
function start(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { env });
  children.push(child);
  const done = new Promise<Run>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  child.stdin.end();
  return { child, done };
}
const cli = (args: string[], env: NodeJS.ProcessEnv) => start(args, env).done;

function writePeopleFile(folder: string): string {
  const lines = ["Name,Email,Country,Organisation,City"];
  for (let i = 0; i < rowCount; i++) {
    lines.push(
      `Person ${i} Fault,P${i}@Fault.Example.ORG,Azerbaijan,Fault Org ${i % organizationCount},Baku`,
    );
  }
  const file = join(folder, "people.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` until it holds; fails if the child ends first (the import was not cut off) or it takes too long. */
async function waitFor(
  what: string,
  started: Started,
  ready: () => Promise<boolean> | boolean,
  maxMs = 60_000,
) {
  const until = Date.now() + maxMs;
  for (;;) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      const run = await started.done;
      throw new Error(`the CLI ended before ${what} (${run.code}): ${run.stdout}${run.stderr}`);
    }
    if (await ready()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function killHard(started: Started): Promise<Run> {
  started.child.kill("SIGKILL");
  const run = await started.done;
  expect(run.signal).toBe("SIGKILL");
  expect(run.stdout).toBe("");
  return run;
}

/** How often `text` occurs in the write-ahead log of an embedded database folder. */
function walCount(dataDir: string, text: string): number {
  const wal = join(dataDir, "pg_wal");
  let count = 0;
  for (const name of readdirSync(wal)) {
    if (!/^[0-9A-F]{24}$/.test(name)) continue;
    const bytes = readFileSync(join(wal, name));
    for (let at = bytes.indexOf(text); at >= 0; at = bytes.indexOf(text, at + 1)) count++;
  }
  return count;
}

/** Opens the (unlocked) embedded database folder in this process, as the CLI would, and closes it again. */
async function withDataDir<T>(
  dataDir: string,
  use: (db: ReturnType<typeof pgliteDatabase>["db"]) => Promise<T>,
) {
  const release = lockDataDir(dataDir, "fault test");
  const database = pgliteDatabase(createPglite(dataDir));
  try {
    return await use(database.db);
  } finally {
    await database.close();
    release();
  }
}

type Db = ReturnType<typeof pgliteDatabase>["db"];
async function whatIsWritten(db: Db) {
  const [record] = await db.select().from(imports);
  return {
    imports: await db.$count(imports),
    people: await db.$count(people),
    organizations: await db.$count(organizations),
    importRows: await db.$count(importRows),
    record,
  };
}

function expectFullRun(run: Run, importId: number) {
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    importId,
    created: rowCount,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    possibleDuplicates: 0,
    organizationsCreated: organizationCount,
    peopleCreated: rowCount,
  });
}

describe("an import process killed part-way (embedded PGlite)", { timeout }, () => {
  it("writes nothing, and runs again to the end once its job's lease has lapsed", async ({ annotate }) => {
    const dataDir = join(freshFolder(), "data");
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: undefined, JOB_LEASE_SECONDS: "2" };
    const file = writePeopleFile(freshFolder());
    const migrated = await cli(["migrate"], env);
    expect(migrated.code).toBe(0);
    // "running" may already be in the log (the schema names the statuses): the run adds one more.
    const runningBefore = walCount(dataDir, "running");
    expect(walCount(dataDir, storedEmailDomain)).toBe(0);

    const started = start(["import", file, "--kind", "people", "--json"], env);
    // Killed once its transaction is writing people; should that not show in the log, 10 s after it started running
    // (while it plans: still part-way, though that proves less).
    let runningAt: number | undefined;
    await waitFor("the import writing people", started, () => {
      if (runningAt === undefined && walCount(dataDir, "running") > runningBefore) runningAt = Date.now();
      if (runningAt !== undefined && Date.now() - runningAt > 10_000) return true;
      return walCount(dataDir, storedEmailDomain) > 0;
    });
    const writing = walCount(dataDir, storedEmailDomain) > 0;
    await annotate(
      writing ? "killed while writing people" : "killed while planning (no people in the log yet)",
    );
    await killHard(started);

    const afterKill = await withDataDir(dataDir, whatIsWritten);
    expect(afterKill).toMatchObject({ imports: 1, people: 0, organizations: 0, importRows: 0 });
    expect(afterKill.record?.status).toBe("running");
    const importId = afterKill.record?.id as number;

    // Nothing is marked failed at the next start: the export shows no one, and the import is still running.
    const out = join(freshFolder(), "people.csv");
    const exported = await cli(["export", "people", "--out", out], env);
    expect(exported.stderr).toBe("");
    expect(exported.stdout).toContain("Wrote 0 rows");
    const [job] = await withDataDir(dataDir, (db) => db.select().from(jobs));
    expect(job).toMatchObject({ kind: "import", status: "running", attempts: 1 });
    // The dead process renews its 2 s lease no more.
    await sleep(2500);
    const rerun = await cli(["import", "run", String(importId), "--json"], env);
    expectFullRun(rerun, importId);
    const after = await withDataDir(dataDir, whatIsWritten);
    expect(after).toMatchObject({ imports: 1, people: rowCount, organizations: organizationCount });
    expect(after.record?.status).toBe("done");
    expect(after.importRows).toBeGreaterThanOrEqual(rowCount);
  });
});

// The PostgreSQL run needs a server: CI sets DATABASE_URL, and the test makes its own database there.
describe.skipIf(!process.env.DATABASE_URL)(
  "an import process killed part-way (PostgreSQL)",
  { timeout },
  () => {
    let database: TestDatabase | undefined;
    let watcher: postgres.Sql | undefined;
    afterAll(async () => {
      await watcher?.end();
      await database?.close();
    });

    it("writes nothing, and runs again to the end once its job's lease has lapsed", async ({ annotate }) => {
      database = await createTestDatabase();
      const url = database.url as string;
      const env = { ...process.env, DATABASE_URL: url, DATA_DIR: freshFolder() };
      const file = writePeopleFile(freshFolder());
      const sqlOf = postgres(url, { max: 1, onnotice: () => {} });
      watcher = sqlOf;
      const others = () => sqlOf`
      select query, state from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`;

      const started = start(["import", file, "--kind", "people", "--json"], env);
      await waitFor('the import row\'s status "running"', started, async () => {
        const rows = await sqlOf`select status from imports`;
        return rows[0]?.status === "running";
      });
      const runningAt = Date.now();
      let inserting = false;
      await waitFor("the import inserting people", started, async () => {
        const rows = await others();
        inserting = rows.some((row) => row.state === "active" && /insert into people/i.test(row.query));
        return inserting || Date.now() - runningAt > 3_000;
      });
      await annotate(inserting ? "killed while inserting people" : "killed 3 s into the run");
      await killHard(started);
      // The server rolls the dead client's transaction back when it sees the connection gone.
      const gone = Date.now() + 20_000;
      while ((await others()).length > 0 && Date.now() < gone) await sleep(50);
      expect(await others()).toEqual([]);

      const db = database.db;
      expect(await db.$count(people)).toBe(0);
      expect(await db.$count(organizations)).toBe(0);
      expect(await db.$count(importRows)).toBe(0);
      const [record] = await db.select().from(imports);
      const importId = record?.id as number;
      // Its job is the dead process's until the lease lapses: while it holds, the import is not run twice.
      expect(record?.status).toBe("running");
      await db.update(jobs).set({ leaseUntil: sql`now() + interval '1 hour'` });
      const refused = await cli(["import", "run", String(importId), "--json"], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("did not run: running");

      // Lapsed, the job is taken over and the import runs to the end.
      await db.update(jobs).set({ leaseUntil: sql`now() - interval '1 second'` });
      const rerun = await cli(["import", "run", String(importId), "--json"], env);
      expectFullRun(rerun, importId);
      expect(await db.$count(people)).toBe(rowCount);
      expect(await db.$count(organizations)).toBe(organizationCount);
      const [after] = await db.select().from(imports).where(eq(imports.id, importId));
      expect(after?.status).toBe("done");
    });
  },
);
