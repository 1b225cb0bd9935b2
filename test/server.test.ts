/** The server as an operator starts it: what it prints, what it serves, how it refuses a bad start, and a clean stop. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Server = {
  child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
};

const tsx = join(process.cwd(), "node_modules/.bin/tsx");
const timeout = 60_000;
const folders: string[] = [];
const servers: Server[] = [];

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "roundtable-server-"));
  folders.push(folder);
  return folder;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts src/server.ts on the embedded database unless the settings say otherwise; never on the test's own DATABASE_URL. */
function startServer(settings: Record<string, string | undefined>): Server {
  const env = {
    ...process.env,
    HOST: "127.0.0.1",
    DATABASE_URL: undefined,
    PUBLIC_URL: undefined,
    ...settings,
  };
  const child = spawn(tsx, ["src/server.ts"], { env });
  const server: Server = {
    child,
    stdout: "",
    stderr: "",
    exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
  };
  child.stdout.on("data", (chunk) => {
    server.stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    server.stderr += chunk;
  });
  servers.push(server);
  return server;
}

/** Resolves once stdout has `lines` lines; rejects if the server exits first. */
async function waitForLines(server: Server, lines: number): Promise<string[]> {
  const ready = new Promise<void>((resolve) => {
    const check = () => {
      if (server.stdout.split("\n").length > lines) resolve();
    };
    server.child.stdout.on("data", check);
    check();
  });
  const exited = server.exit.then((code) => {
    throw new Error(
      `server exited with ${code} before printing ${lines} lines: ${server.stdout}${server.stderr}`,
    );
  });
  await Promise.race([ready, exited]);
  return server.stdout.split("\n");
}

/** A start that must fail: exit 1 with one line in the operator's words, no stack trace. */
async function failedStart(settings: Record<string, string | undefined>): Promise<string> {
  const server = startServer(settings);
  expect(await server.exit).toBe(1);
  expect(server.stderr).not.toContain("    at ");
  expect(server.stderr.trim().split("\n")).toHaveLength(1);
  return server.stderr;
}

let dataDir: string;
let port: number;
let main: Server;
let output: string[];

beforeAll(async () => {
  dataDir = freshFolder();
  port = await freePort();
  main = startServer({ PORT: String(port), DATA_DIR: dataDir });
  output = await waitForLines(main, 2);
}, timeout);

afterAll(async () => {
  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGTERM");
    await server.exit;
  }
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}, timeout);

describe("roundtable server", { timeout }, () => {
  it("first says it runs on the embedded PGlite, in which folder, at which URL", () => {
    expect(output[0]).toContain("embedded PGlite");
    expect(output[0]).toContain(dataDir);
    expect(output[0]).toContain(`http://localhost:${port}`);
    expect(main.stderr).toBe("");
  });

  it("prints a setup link that opens the first-administrator form while there are no users", async () => {
    const link = output[1]?.match(/http:\/\/localhost:\d+(\/setup\?token=\S+)/);
    expect(link, output.join("\n")).not.toBeNull();
    const response = await fetch(`http://127.0.0.1:${port}${link?.[1]}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Set up Roundtable");
    const guessed = await fetch(`http://127.0.0.1:${port}/setup?token=guessed`);
    expect(guessed.status).toBe(404);
  });

  it("answers the health check", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
  });

  it("refuses a second server on the same DATA_DIR and keeps the first serving", async () => {
    const message = await failedStart({ PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(message).toContain("in use");
    expect(message).toContain(dataDir);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await response.text()).toBe("ok");
    expect(existsSync(join(dataDir, "roundtable.lock"))).toBe(true);
  });

  it("refuses PORT=abc naming PORT", async () => {
    expect(await failedStart({ PORT: "abc", DATA_DIR: freshFolder() })).toContain("PORT");
  });

  it("refuses DATABASE_URL=nonsense naming DATABASE_URL", async () => {
    expect(await failedStart({ DATABASE_URL: "nonsense", DATA_DIR: freshFolder() })).toContain(
      "DATABASE_URL",
    );
  });

  it("refuses an unreachable DATABASE_URL naming DATABASE_URL", async () => {
    const message = await failedStart({
      PORT: String(await freePort()),
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
      DATA_DIR: freshFolder(),
    });
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("127.0.0.1:1");
  });

  it("stops cleanly on SIGTERM and removes its lock", async () => {
    main.child.kill("SIGTERM");
    expect(await main.exit).toBe(0);
    expect(existsSync(join(dataDir, "roundtable.lock"))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
