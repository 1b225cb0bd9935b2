/**
 * Benchmark: the participation reports on PostgreSQL with 100,000 people, 5,000 organisations, 20,000 activities
 * (2010 to 2026) and 1,000,000 participations. Server time through the whole app (session, SQL, rendering) for each
 * report over the whole range and over one year, and the first page of the people behind a year's figures. A report
 * that answers 404 is listed as not built yet, so the bench keeps working while reports are added. Target: every
 * report under 300 ms. Also printed: the time to work in the first attended days the generated data noted, and the
 * floor (the distinct people among all attended participations, in SQL alone), which shows how fast the machine was.
 * RUNS=n timed runs (50); KEEP=1 keeps the database; REUSE=<name> measures a kept one again without generating it.
 */
import { sql } from "drizzle-orm";
import { type Db, postgresDatabase, rowsOf } from "../../src/db/client";
import { catchUpFirstAttendances } from "../../src/reports/first-attendances";
import { reading } from "../../src/reports/reading";
import { reportNames } from "../../src/reports/views";
import {
  createBenchDatabase,
  measure,
  percentile,
  printColumns,
  runs,
  type Sample,
  signedInClient,
} from "./harness";
import { describeNetwork, seedNetwork } from "./network";

const targetMs = 300;

const scopes = [
  { label: "2010–2026", query: "from=2010-01-01&to=2026-11-28" },
  { label: "2025", query: "from=2025-01-01&to=2025-12-31" },
] as const;

/**
 * The least any exact report over the whole range must do: tell the distinct people among all attended
 * participations, with no join, filter or breakdown, in SQL alone (in a report's transaction, with its settings).
 * Printed beside the reports as the floor.
 */
async function printFloor(db: Db) {
  let people = 0;
  const samples = await measure(["floor"], async () => {
    const [found] = await reading(db, async (tx) =>
      rowsOf<{ people: string }>(
        await tx.execute(sql`select count(*) as people
          from (select person_id from participations where status = 'attended' group by person_id) t`),
      ),
    );
    people = Number(found?.people ?? 0);
    return people;
  });
  const ms = samples.map((sample) => sample.ms);
  console.log(
    `\nFloor: the ${people} distinct people among all attended participations, in SQL alone: ` +
      `median ${percentile(ms, 0.5).toFixed(1)} ms, p95 ${percentile(ms, 0.95).toFixed(1)} ms.`,
  );
}

function row(label: string, samples: Sample[]) {
  const ms = samples.map((sample) => sample.ms);
  const p95 = percentile(ms, 0.95);
  return [
    label,
    String(samples.length),
    percentile(ms, 0.5).toFixed(1),
    p95.toFixed(1),
    Math.max(...ms).toFixed(1),
    String(samples[0]?.matches ?? ""),
    p95 < targetMs ? "yes" : "NO",
  ];
}

async function main() {
  const bench = await createBenchDatabase();
  const { reused } = bench;
  const database = postgresDatabase(bench.url);
  const errors: string[] = [];
  try {
    await database.migrate();
    const { db } = database;
    const timings = reused ? [] : await seedNetwork(db);
    await describeNetwork(db, timings);

    // The generated participations noted their people's first days as changed; the first overview would work them in.
    const catchUpStarted = performance.now();
    const caughtUp = await catchUpFirstAttendances(db);
    console.log(
      `First attended days worked in for ${caughtUp} people in ${((performance.now() - catchUpStarted) / 1000).toFixed(1)} s.`,
    );

    const { client } = await signedInClient(db, bench.url, "manager");
    const get = async (path: string) => {
      const response = await client.get(path);
      return { status: response.status, size: (await response.text()).length };
    };
    const paths: { label: string; path: string }[] = [];
    for (const scope of scopes) {
      for (const name of reportNames) {
        paths.push({ label: `/reports/${name} ${scope.label}`, path: `/reports/${name}?${scope.query}` });
      }
    }
    paths.push({
      label: "/reports/records?of=people 2025 (page 1)",
      path: "/reports/records?of=people&from=2025-01-01&to=2025-12-31",
    });

    const lines: string[][] = [];
    const notBuilt = new Set<string>();
    for (const { label, path } of paths) {
      const probe = await get(path);
      if (probe.status === 404) {
        notBuilt.add(path.split("?")[0] as string);
        continue;
      }
      if (probe.status !== 200) {
        errors.push(`GET ${path} answered ${probe.status}`);
        continue;
      }
      try {
        const samples = await measure([path], async (input) => {
          const { status, size } = await get(input);
          if (status !== 200) throw new Error(`GET ${input} answered ${status}`);
          return size;
        });
        lines.push(row(label, samples));
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }

    console.log(
      `\nServer time in ms through the whole app (signed in as a manager), ${runs} timed runs each after a warm-up.`,
    );
    console.log(`Target: every report under ${targetMs} ms (p95). "size" is the HTML in characters.\n`);
    printColumns(["", "runs", "median ms", "p95 ms", "max ms", "size", `< ${targetMs} ms`], lines);
    if (notBuilt.size > 0) console.log(`\nNot built (404): ${[...notBuilt].join(", ")}`);
    await printFloor(db);
    if (errors.length > 0) {
      console.log("\nErrors:");
      for (const error of errors) console.log(`  ${error}`);
    }
  } finally {
    await database.close();
    await bench.finish();
  }
  if (errors.length > 0) process.exitCode = 1;
}

await main();
