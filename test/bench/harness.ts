/** What the benchmarks share: a seeded generator, a throwaway database on the server, timing, and a signed-in client. */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createApp } from "../../src/app";
import { hashPassword } from "../../src/auth/password";
import { createUser } from "../../src/auth/users";
import { loadConfig } from "../../src/config";
import type { Db } from "../../src/db/client";
import type { Role } from "../../src/db/schema/enums";
import { createLogger } from "../../src/log";
import { createClient } from "../helpers/app";

export const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const runs = Number(process.env.RUNS ?? 50);

/** mulberry32: a tiny seeded PRNG, so every run generates the same data. */
export function prng(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return { next, int, pick: <T>(list: readonly T[]) => list[int(list.length)] as T };
}

export type Sample = { input: string; ms: number; matches: number };

export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

/** Runs `run` over the inputs in turn: one untimed warm-up pass, then `times` timed calls. */
export async function measure(
  inputs: string[],
  run: (input: string) => Promise<number>,
  times = runs,
): Promise<Sample[]> {
  for (const input of inputs) await run(input);
  const samples: Sample[] = [];
  for (let i = 0; i < times; i++) {
    const input = inputs[i % inputs.length] as string;
    const started = performance.now();
    const matches = await run(input);
    samples.push({ input, ms: performance.now() - started, matches });
  }
  return samples;
}

/** KEEP=1 (or KEEP_DATABASE=1) leaves a bench's database in place, for EXPLAIN ANALYZE by hand or REUSE. */
export const keepDatabase = process.env.KEEP === "1" || process.env.KEEP_DATABASE === "1";

/**
 * A database of its own on the server, dropped by `finish` unless kept (KEEP=1); with REUSE=<name>, that database,
 * kept by an earlier run, to measure again without generating it (`reused`: a bench that fills its database must
 * skip that, as bench:reports does), and never dropped.
 */
export async function createBenchDatabase() {
  const reused = process.env.REUSE;
  const name = reused ?? `rt_bench_${randomBytes(5).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  if (!reused) await admin.unsafe(`create database ${name}`);
  const finish = async (keep = keepDatabase) => {
    if (reused || keep) console.log(`\nKept ${url}; drop it with: drop database ${name};`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  return { name, url: url.toString(), reused: Boolean(reused), finish };
}

/** The whole app on `db` and a client signed in through the login form, as a browser of that role would be. */
export async function signedInClient(db: Db, databaseUrl: string, role: Role) {
  const config = loadConfig({ PUBLIC_URL: "http://localhost:3000", DATABASE_URL: databaseUrl });
  const app = createApp({ db, config, log: createLogger("silent") });
  const password = "bench pass phrase 2024";
  const email = `bench-${role}-${randomBytes(3).toString("hex")}@example.org`;
  const passwordHash = await hashPassword(password);
  const user = await db.transaction((tx) =>
    createUser(tx, { email, name: `Bench ${role}`, role, passwordHash }, { userId: null }),
  );
  const client = createClient(app);
  const login = await client.post("/login", { email, password });
  if (login.status !== 303) throw new Error(`login answered ${login.status}`);
  return { client, user };
}

/** A table on the console: the first column left-aligned, the figures right-aligned, under a ruled header. */
export function printColumns(header: string[], lines: string[][]) {
  const widths = header.map((_, column) =>
    Math.max(...[header, ...lines].map((line) => (line[column] ?? "").length)),
  );
  const format = (line: string[]) =>
    line
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ");
  console.log(format(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const line of lines) console.log(format(line));
}
