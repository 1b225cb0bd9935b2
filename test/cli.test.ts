/** The CLI as an operator runs it: a real process, exit codes, one-line errors without stack traces. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockDataDir } from "../src/db/lock";
import { fixturePath } from "./fixtures/imports/files";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

type Run = { code: number | null; stdout: string; stderr: string };

const tsx = join(process.cwd(), "node_modules/.bin/tsx");
const timeout = 60_000;
const folders: string[] = [];
let serverDatabase: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "roundtable-cli-"));
  folders.push(folder);
  return folder;
}

/** An environment for the embedded database in its own folder. */
function pgliteEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, DATABASE_URL: undefined };
}

function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ["src/cli.ts", ...args], { env: options.env ?? env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** A user-facing failure: exit 1 and one line in the user's words, no stack trace. */
function expectOneLineFailure(run: Run) {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toContain("    at ");
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    serverDatabase = await createTestDatabase();
    env = { ...process.env, DATABASE_URL: serverDatabase.url, DATA_DIR: freshFolder() };
  } else {
    env = pgliteEnv(freshFolder());
  }
});

afterAll(async () => {
  await serverDatabase?.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe("roundtable CLI", { timeout }, () => {
  it("migrate applies the migrations and says to which database", async () => {
    const run = await cli(["migrate"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Migrations applied to");
    expect(run.stdout).toContain(
      process.env.DATABASE_URL ? "PostgreSQL at" : `embedded PGlite in ${env.DATA_DIR}`,
    );
  });

  it("user create takes the password from stdin", async () => {
    const run = await cli(
      ["user", "create", "--email", "a@example.org", "--name", "A", "--role", "admin", "--password-stdin"],
      { input: "a long enough passphrase\n" },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Created admin A <a@example.org>");
    expect(run.stdout).not.toContain("a long enough passphrase");
  });

  it("refuses an email that already has an account, in any case", async () => {
    const run = await cli(
      [
        "user",
        "create",
        "--email",
        "A@Example.org",
        "--name",
        "A again",
        "--role",
        "staff",
        "--password-stdin",
      ],
      { input: "another long passphrase\n" },
    );
    expectOneLineFailure(run);
    expect(run.stderr).toContain("already exists");
  });

  it("refuses a password that is too short", async () => {
    const run = await cli(
      [
        "user",
        "create",
        "--email",
        "short@example.org",
        "--name",
        "Short",
        "--role",
        "staff",
        "--password-stdin",
      ],
      { input: "short\n" },
    );
    expectOneLineFailure(run);
    expect(run.stderr).toContain("at least 10 characters");
  });

  it("refuses a role that does not exist", async () => {
    const run = await cli([
      "user",
      "create",
      "--email",
      "boss@example.org",
      "--name",
      "Boss",
      "--role",
      "boss",
    ]);
    expectOneLineFailure(run);
    expect(run.stderr).toContain("--role");
  });

  it("user disable disables the account, and user list shows who is active", async () => {
    const created = await cli(
      ["user", "create", "--email", "b@example.org", "--name", "B", "--role", "staff", "--password-stdin"],
      { input: "b's long passphrase\n" },
    );
    expect(created.code).toBe(0);
    const disabled = await cli(["user", "disable", "--email", "b@example.org"]);
    expect(disabled.stderr).toBe("");
    expect(disabled.code).toBe(0);
    const list = await cli(["user", "list"]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines).toContain("a@example.org\tA\tadmin\tactive");
    expect(lines).toContain("b@example.org\tB\tstaff\tdisabled");
    expect(lines.some((line) => line.startsWith("short@") || line.startsWith("boss@"))).toBe(false);
  });

  it("imports a workbook's sheet, and refuses a sheet it lacks in one line", async () => {
    const file = fixturePath("people_az_workbook.xlsx");
    const missing = await cli(["import", file, "--kind", "people", "--sheet", "Sheet9", "--dry-run"]);
    expectOneLineFailure(missing);
    expect(missing.stderr).toContain("The workbook has no sheet by that name or number.");
    const planned = await cli(["import", file, "--kind", "people", "--sheet", "1", "--dry-run", "--json"]);
    expect(planned.stderr).toBe("");
    expect(JSON.parse(planned.stdout)).toMatchObject({ created: 3, rejected: 0, organizationsCreated: 3 });
  });

  it("refuses an unknown command and shows the usage", async () => {
    const run = await cli(["frobnicate"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown command "frobnicate"');
    expect(run.stderr).toContain("Usage: roundtable");
    expect(run.stderr).not.toContain("    at ");
  });

  it("seed loads the demo network once and then changes nothing", async () => {
    const first = await cli(["seed"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Demo network loaded");
    const second = await cli(["seed"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing changed");
  });

  it("refuses to open an embedded database another process holds", async () => {
    const dataDir = freshFolder();
    const release = lockDataDir(dataDir, "server");
    try {
      const run = await cli(["user", "list"], { env: pgliteEnv(dataDir) });
      expectOneLineFailure(run);
      expect(run.stderr).toContain("in use");
      expect(run.stderr).toContain(dataDir);
    } finally {
      release();
    }
  });
});
