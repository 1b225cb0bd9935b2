/** Starts the real server as a child process on a free loopback port and collects what it prints. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type ServerProcess = {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved as they arrived. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code once the process ends (null when a signal ended it); does not stop it. */
  exited: Promise<number | null>;
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  stop: () => Promise<number | null>;
};

/**
 * A port nothing listens on, chosen at random below Linux's ephemeral range (32768–60999). A port the kernel hands
 * out for listen(0) comes from that range, which outgoing connections (to PostgreSQL, from Chromium) draw from too:
 * between this check and the server's own listen, one of them could take it ("PORT … is already in use").
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** How the server is started: from the TypeScript sources (tsx), or as `npm start` does, from the bundle. */
const commands = {
  // tsx as a loader in this one process (its CLI would run the server in a child, out of reach of a SIGKILL).
  source: ["--import", "tsx", "src/server.ts"],
  bundle: ["scripts/run.mjs", "server"],
};

export async function startServerProcess(
  env: Record<string, string | undefined> = {},
  args: string[] = [],
  from: keyof typeof commands = "source",
  /** Node's own options, before the script (a benchmark's `--cpu-prof`, say). */
  nodeOptions: string[] = [],
): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "roundtable-server-"));
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [...nodeOptions, ...commands[from], ...args], {
    env: { ...process.env, PORT: port, DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  // "close", not "exit": by then all it printed has been read.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));

  async function waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = output.match(pattern);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${pattern}: ${output}`);
  }

  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForOutput,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Starts the real server and resolves once it listens (it has printed where). */
export async function startListeningServer(
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const server = await startServerProcess(env);
  await server.waitForOutput(/Roundtable on/);
  return server;
}
