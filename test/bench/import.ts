/**
 * Benchmark: a generated people file of 100,000 rows (names in four scripts, 5% repeats, 2,000 organisations)
 * imported through the same code as the wizard and the CLI, on PostgreSQL and on embedded PGlite; rows per second,
 * peak memory, and on PostgreSQL the floor: a bare COPY of the same file into an unindexed table.
 * Targets: at least 20,000 rows/s on PostgreSQL, within 4× of the bare COPY, under 300 MB RSS.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { createPglite, type Database, pgliteDatabase, postgresDatabase } from "../../src/db/client";
import { createImport, runImport } from "../../src/imports/run";
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
  const started = performance.now();
  const created = await createImport(
    database.db,
    { kind: "people", activityId: null, fileName: "bench.csv", bytes },
    { userId: null },
  );
  if (!created.ok) throw new Error(created.problem);
  const read = performance.now();
  const result = await runImport(database.db, created.id, { userId: null }, "2026-11-28");
  if (!result.ok) throw new Error(result.error);
  const seconds = (performance.now() - started) / 1000;
  const { counts } = result.plan;
  console.log(
    `${label}: ${rowCount} rows in ${seconds.toFixed(1)} s = ${Math.round(rowCount / seconds)} rows/s ` +
      `(reading the file ${((read - started) / 1000).toFixed(1)} s); ${counts.peopleCreated} people, ` +
      `${counts.organizationsCreated} organisations created, ${counts.rejected} rejected; peak RSS so far ${peakRss()} MB`,
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
 * The floors: the same bytes COPYed into an unindexed table of text columns (nothing checked or matched); and, the
 * cost of the people table's indexes alone, the file's names, emails, phones and cities put into people that way.
 */
async function copyFloors(
  url: string,
  bytes: Uint8Array,
): Promise<{ unindexed: number; intoPeople: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const seconds = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return (performance.now() - started) / 1000;
  };
  try {
    await sql.unsafe(`create table copy_floor (${fileColumns})`);
    const unindexed = await seconds(() =>
      copyInto(sql`copy copy_floor from stdin with (format csv, delimiter ';', header true)`, bytes),
    );
    await sql.unsafe("truncate people cascade");
    const intoPeople = await seconds(() =>
      sql.unsafe(
        "insert into people (full_name, email, phone, city) select name, email, phone, city from copy_floor",
      ),
    );
    return { unindexed: unindexed, intoPeople: unindexed + intoPeople };
  } finally {
    await sql.end();
  }
}

/** One database per run (`postgres` or `pglite`), so each figure of peak memory is that database's alone. */
async function main(target: string | undefined) {
  const bytes = generateFile();
  console.log(
    `Generated ${rowCount} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB; peak RSS ${peakRss()} MB.`,
  );
  if (target === "pglite") {
    const embedded = pgliteDatabase(createPglite());
    try {
      await importInto("PGlite (in memory)", embedded, bytes);
    } finally {
      await embedded.close();
    }
  } else {
    const bench = await createBenchDatabase();
    const server = postgresDatabase(bench.url);
    let seconds = 0;
    try {
      seconds = await importInto("PostgreSQL", server, bytes);
    } finally {
      await server.close();
    }
    const floor = await copyFloors(bench.url, bytes);
    await bench.finish(false);
    console.log(
      `Bare COPY of the same file: ${floor.unindexed.toFixed(2)} s = ${Math.round(rowCount / floor.unindexed)} rows/s; the import takes ${(seconds / floor.unindexed).toFixed(1)}× as long.`,
    );
    console.log(
      `COPY, then its people straight into the indexed people table: ${floor.intoPeople.toFixed(2)} s; the import takes ${(seconds / floor.intoPeople).toFixed(1)}× as long.`,
    );
  }
  console.log(
    `Peak RSS of this run: ${peakRss()} MB (targets: 20,000 rows/s on PostgreSQL, ≤ 4× COPY, < 300 MB).`,
  );
}

await main(process.argv[2]);
