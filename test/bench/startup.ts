/** Benchmark: how long the server takes to answer on the embedded database, first start (empty DATA_DIR) and warm restart. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServerProcess } from "../helpers/server-process";

const runs = Number(process.env.RUNS ?? 5);

/** Milliseconds from spawning the process until GET /healthz answers 200. */
async function timeToHealthy(dataDir: string): Promise<number> {
  const started = performance.now();
  const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: undefined }, [], "bundle");
  await server.waitForOutput(/^Roundtable on /m);
  const response = await fetch(`${server.url}/healthz`);
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`healthz answered ${response.status}`);
  await server.stop();
  return elapsed;
}

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `${label}: median ${median.toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms (${values.length} runs)`;
}

const first: number[] = [];
const warm: number[] = [];
for (let run = 0; run < runs; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), "roundtable-bench-"));
  first.push(await timeToHealthy(dataDir));
  warm.push(await timeToHealthy(dataDir));
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(
  "Start-up as `npm start` runs it (node scripts/run.mjs server, bundle already built) on embedded PGlite,",
);
console.log("from spawning the process to GET /healthz answering 200:");
console.log(summary("first start (empty DATA_DIR)", first));
console.log(summary("warm restart", warm));
