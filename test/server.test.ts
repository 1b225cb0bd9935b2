/** The server as an operator starts it: what it prints, what it serves, how it refuses a bad start, and a clean stop. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "./helpers/server-process";

const timeout = 60_000;
const folders: string[] = [];
const servers: ServerProcess[] = [];

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "roundtable-server-"));
  folders.push(folder);
  return folder;
}

/** Starts src/server.ts on the embedded database unless the settings say otherwise; never on the test's own DATABASE_URL. */
async function startServer(settings: Record<string, string | undefined>): Promise<ServerProcess> {
  const server = await startServerProcess({
    HOST: "127.0.0.1",
    DATABASE_URL: undefined,
    PUBLIC_URL: undefined,
    ...settings,
  });
  servers.push(server);
  return server;
}

/** A start that must fail: exit 1 with one line in the operator's words, no stack trace. */
async function failedStart(settings: Record<string, string | undefined>): Promise<string> {
  const server = await startServer(settings);
  expect(await server.exited).toBe(1);
  expect(server.stderr()).not.toContain("    at ");
  expect(server.stderr().trim().split("\n")).toHaveLength(1);
  return server.stderr();
}

let dataDir: string;
let port: string;
let main: ServerProcess;
let output: string[];

beforeAll(async () => {
  dataDir = freshFolder();
  main = await startServer({ DATA_DIR: dataDir });
  port = new URL(main.url).port;
  await main.waitForOutput(/setup\?token=\S+\n/, timeout - 10_000);
  output = main.stdout().split("\n");
}, timeout);

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}, timeout);

describe("roundtable server", { timeout }, () => {
  it("first says it runs on the embedded PGlite, in which folder, at which URL", () => {
    expect(output[0]).toContain("embedded PGlite");
    expect(output[0]).toContain(dataDir);
    expect(output[0]).toContain(`http://localhost:${port}`);
    expect(main.stderr()).toBe("");
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
    const message = await failedStart({ DATA_DIR: dataDir });
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
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
      DATA_DIR: freshFolder(),
    });
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("127.0.0.1:1");
  });

  it("stops cleanly on SIGTERM and removes its lock", async () => {
    expect(await main.stop()).toBe(0);
    expect(existsSync(join(dataDir, "roundtable.lock"))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
