/**
 * Benchmark: a generated people file of 100,000 rows (names in four scripts, 5% repeats, 2,000 organisations)
 * imported through the same code as the wizard and the CLI, on PostgreSQL and on embedded PGlite; rows per second,
 * peak memory, and on PostgreSQL the floors: a bare COPY of the same file into an unindexed table, and the same rows
 * the import wrote written again by the database alone (people, affiliations, per-line record, with their indexes).
 * Targets (issue 14): 100,000 rows under 300 MB RSS on PostgreSQL, 1,000,000 rows (`ROWS=1000000`) completing, and
 * within 1.5× the database's own write of the same rows. The last is not met; decision 21 says why.
 *
 * `tsx test/bench/import.ts` writes the file, then imports it in a child process per database, so each peak memory
 * figure is that import's alone (not the generator's, not the other database's). The child runs this file bundled
 * as the app runs (scripts/bundle.mjs: `npm start` and the CLI run bundles), not through tsx, whose compiler would
 * add its own hundred megabytes.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { bundleEntries } from "../../scripts/bundle.mjs";
import { createPglite, type Database, pgliteDatabase, postgresDatabase } from "../../src/db/client";
import { runImport } from "../../src/imports/job";
import { createImport, ensureStaged, getImport } from "../../src/imports/run";
import { limitHeapGrowth } from "../../src/memory";
import { createBenchDatabase, prng } from "./harness";

const rowCount = Number(process.env.ROWS ?? 100_000);
const organizationCount = 2_000;
const random = prng(20_261_128);

const scripts = [
  {
    given: ["Elçin", "Aysel", "Rəşad", "Günel", "Orxan", "Nərmin"],
    family: ["Məmmədov", "Əliyeva", "Hüseynov", "Quliyeva"],
  },
  {
    given: ["Ольга", "Руслан", "Наталья", "Игорь", "Эльвин"],
    family: ["Иванова", "Гасанов", "Петров", "Алиева"],
  },
  { given: ["გიორგი", "ნინო", "დავით", "თამარ"], family: ["ბერიძე", "კაპანაძე", "მაისურაძე"] },
  { given: ["Անահիտ", "Արմեն", "Լուսինե", "Տիգրան"], family: ["Սարգսյան", "Պետրոսյան", "Գրիգորյան"] },
];
const countries = ["Azerbaijan", "Georgia", "Armenia", "Россия"];

/** The file as a partner would send it: header, then rows; every twentieth row repeats an earlier person. */
function generateFile(): Uint8Array {
  const lines = ["Full name;Organisation;Position;Email;Phone;Country;City;Gender;Tags"];
  const people: string[] = [];
  for (let i = 0; i < rowCount; i++) {
    if (i > 0 && i % 20 === 0) {
      lines.push(people[random.int(people.length)] as string);
      continue;
    }
    const script = scripts[i % scripts.length] as (typeof scripts)[number];
    const name = `${random.pick(script.given)} ${random.pick(script.family)} ${i}`;
    const organization = `Partner organisation ${1 + random.int(organizationCount)}`;
    const line = [
      name,
      organization,
      random.pick(["Coordinator", "Director", "Lawyer", "Trainer", ""]),
      `person${i}@example.org`,
      `+99450${String(1_000_000 + i).slice(-7)}`,
      random.pick(countries),
      random.pick(["Baku", "Tbilisi", "Yerevan", "Gəncə"]),
      random.pick(["M", "F", "ж", "kişi", ""]),
      random.pick(["training 2024", "network, alumni", ""]),
    ].join(";");
    people.push(line);
    lines.push(line);
  }
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

/** The process's peak resident memory so far, in MB (the kernel's high-water mark, not a sample). */
const peakRss = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function importInto(label: string, database: Database, bytes: Uint8Array) {
  await database.migrate();
  const before = peakRss();
  const started = performance.now();
  const created = await createImport(
    database.db,
    { kind: "people", activityId: null, fileName: "bench.csv", bytes },
    { userId: null },
  );
  if (!created.ok) throw new Error(created.problem);
  const read = performance.now();
  // As saving the mapping does: every line read, checked and staged; the run then groups, matches and writes.
  const record = await getImport(database.db, created.id);
  const staged = record && (await ensureStaged(database.db, record));
  if (!staged?.ok) throw new Error(`not staged: ${staged?.problem}`);
  const planned = performance.now();
  const result = await runImport(database.db, created.id, { userId: null }, "2026-11-28");
  if (!result.ok) throw new Error(result.error);
  const seconds = (performance.now() - started) / 1000;
  const phase = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
  const { counts } = result.summary;
  console.log(
    `${label}: ${rowCount} rows in ${seconds.toFixed(1)} s = ${Math.round(rowCount / seconds)} rows/s ` +
      `(storing the file ${phase(started, read)}, reading, checking and staging its lines ${phase(read, planned)}, ` +
      `grouping, matching and writing ${phase(planned, performance.now())}); ${counts.peopleCreated} people, ` +
      `${counts.organizationsCreated} organisations created, ${counts.rejected} rejected; ` +
      `peak RSS ${peakRss()} MB (${before} MB with the code and the database open, before the file was read)`,
  );
  return seconds;
}

/** Streams the bytes into a COPY … FROM STDIN, in pieces (postgres.js waits forever for one 13 MB write to drain). */
async function copyInto(query: { writable: () => Promise<NodeJS.WritableStream> }, bytes: Uint8Array) {
  const pieces = function* () {
    for (let start = 0; start < bytes.length; start += 64 * 1024) {
      yield Buffer.from(bytes.subarray(start, start + 64 * 1024));
    }
  };
  await pipeline(Readable.from(pieces()), await query.writable());
}

const fileColumns =
  "name text, organisation text, position text, email text, phone text, country text, city text, gender text, tags text";

/**
 * The floors, after the import: the same bytes COPYed into an unindexed table of text columns (nothing checked or
 * matched); and the database's own cost of what the import wrote: its people, affiliations and per-line record
 * emptied out and inserted again from copies, indexes, constraints and all, in a transaction rolled back.
 */
async function floors(url: string, bytes: Uint8Array): Promise<{ copy: number; database: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const seconds = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return (performance.now() - started) / 1000;
  };
  try {
    await sql.unsafe(`create table copy_floor (${fileColumns})`);
    const copy = await seconds(() =>
      copyInto(sql`copy copy_floor from stdin with (format csv, delimiter ';', header true)`, bytes),
    );
    const tables = ["people", "affiliations", "import_rows"];
    let database = 0;
    await sql
      .begin(async (tx) => {
        for (const table of tables)
          await tx.unsafe(`create temporary table saved_${table} as table ${table}`);
        await tx.unsafe(`truncate ${tables.join(", ")} cascade`);
        database = await seconds(async () => {
          for (const table of tables) {
            await tx.unsafe(`insert into ${table} overriding system value table saved_${table}`);
          }
        });
        throw new Error("rolled back");
      })
      .catch((error: Error) => {
        if (error.message !== "rolled back") throw error;
      });
    return { copy, database };
  } finally {
    await sql.end();
  }
}

/** Imports the file into one database (`postgres` or `pglite`): run in a process of its own. */
async function importOne(target: string, path: string) {
  // As the server and the command line run.
  limitHeapGrowth();
  const bytes = readFileSync(path);
  if (target === "pglite") {
    const embedded = pgliteDatabase(createPglite());
    try {
      await importInto("PGlite (in memory)", embedded, bytes);
    } finally {
      await embedded.close();
    }
    return;
  }
  const bench = await createBenchDatabase();
  const server = postgresDatabase(bench.url);
  let seconds = 0;
  try {
    seconds = await importInto("PostgreSQL", server, bytes);
  } finally {
    await server.close();
  }
  try {
    const floor = await floors(bench.url, bytes);
    console.log(
      `  Bare COPY of the same file: ${floor.copy.toFixed(2)} s = ${Math.round(rowCount / floor.copy)} rows/s; ` +
        `the import takes ${(seconds / floor.copy).toFixed(1)}× as long.`,
    );
    console.log(
      `  The rows the import wrote, written again by the database alone: ${floor.database.toFixed(2)} s = ` +
        `${Math.round(rowCount / floor.database)} rows/s; the import takes ${(seconds / floor.database).toFixed(1)}× as long.`,
    );
  } finally {
    await bench.finish(false);
  }
}

const [target, path] = process.argv.slice(2);
if (target && path) {
  await importOne(target, path);
} else {
  const file = join(tmpdir(), `roundtable-bench-import-${rowCount}.csv`);
  writeFileSync(file, generateFile());
  console.log(`${rowCount} rows, ${(readFileSync(file).length / 1024 / 1024).toFixed(1)} MB: ${file}`);
  // Inside the project, so the bundle finds the packages it leaves out (PGlite) in node_modules.
  const bundled = fileURLToPath(new URL("../../data/bench", import.meta.url));
  await bundleEntries({ import: process.argv[1] as string }, bundled);
  for (const database of target ? [target] : ["postgres", "pglite"]) {
    const child = spawnSync(process.execPath, [join(bundled, "import.mjs"), database, file], {
      stdio: "inherit",
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  console.log(
    "Targets: under 300 MB RSS for 100,000 rows on PostgreSQL; 1,000,000 rows complete; within 1.5× the database's " +
      "own write (not met: docs/decisions/0021-staged-import-lines.md).",
  );
}
