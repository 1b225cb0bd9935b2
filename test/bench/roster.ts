/**
 * Benchmark: an activity with 1,000 participants on PostgreSQL, with a directory of 20,000 people around it. Server
 * time through the whole app (session, CSRF, SQL, rendering) for the roster page, an inline status change, adding
 * 1,000 people at once, and logging a contact (one request). Target: the roster renders in under 100 ms.
 */
import { sql } from "drizzle-orm";
import { type Db, postgresDatabase } from "../../src/db/client";
import { activities, affiliations, organizations, participations, people } from "../../src/db/schema";
import { stakeholderTypes } from "../../src/db/schema/enums";
import { organizationSearchColumns, personSearchColumns } from "../../src/directory/search-columns";
import { addParticipants } from "../../src/participants/queries";
import {
  createBenchDatabase,
  measure,
  percentile,
  printColumns,
  prng,
  runs,
  type Sample,
  signedInClient,
} from "./harness";

const participantCount = Number(process.env.PARTICIPANTS ?? 1_000);
const directorySize = Number(process.env.PEOPLE ?? 20_000);
const targetMs = 100;
const random = prng(20_261_128);

const given = ["Elçin", "Aysel", "Nino", "Giorgi", "Anahit", "Armen", "Ольга", "Рашад", "Leyla", "Tamar"];
const family = ["Məmmədov", "Əliyeva", "Beridze", "Kapanadze", "Sargsyan", "Petrosyan", "Иванова", "Гасанов"];

async function seed(db: Db) {
  const orgs = await db
    .insert(organizations)
    .values(
      Array.from({ length: 200 }, (_, i) => {
        const name = `Partner NGO ${i + 1}`;
        return { name, ...organizationSearchColumns({ name }) };
      }),
    )
    .returning({ id: organizations.id });
  const personIds: number[] = [];
  for (let start = 0; start < directorySize; start += 2_000) {
    const rows = Array.from({ length: Math.min(2_000, directorySize - start) }, (_, i) => {
      const fullName = `${random.pick(given)} ${random.pick(family)} ${start + i + 1}`;
      const email = `person${start + i + 1}@example.org`;
      const stakeholderType = random.pick(stakeholderTypes);
      return {
        fullName,
        email,
        stakeholderType,
        ...personSearchColumns({ fullName, otherNames: [], email, phone: null }),
      };
    });
    const inserted = await db.insert(people).values(rows).returning({ id: people.id });
    personIds.push(...inserted.map((row) => row.id));
    await db.insert(affiliations).values(
      inserted.map((row) => ({
        personId: row.id,
        organizationId: random.pick(orgs).id,
        isPrimary: true,
        position: "Coordinator",
      })),
    );
  }
  const [activity] = await db
    .insert(activities)
    .values({ title: "Regional training of trainers", kind: "training", startDate: "2026-03-10" })
    .returning({ id: activities.id, startDate: activities.startDate });
  if (!activity) throw new Error("no activity");
  const added = personIds.slice(0, participantCount);
  const started = performance.now();
  await db.transaction((tx) =>
    addParticipants(tx, activity, added, { role: "participant", status: "registered" }, { userId: null }),
  );
  const addMs = performance.now() - started;
  // A realistic roster: most attended, some did not come, about half with both assessment scores.
  await db.execute(sql`
    update participations set
      status = (array['attended','attended','attended','no_show','registered','invited'])[1 + (id % 6)],
      pre_score = case when id % 2 = 0 then 40 + (id % 30) end,
      post_score = case when id % 2 = 0 then 55 + (id % 35) end
    where activity_id = ${activity.id}`);
  await db.execute(sql`vacuum analyze`);
  return { activityId: activity.id, firstPersonId: personIds[0] ?? 0, addMs };
}

function row(label: string, samples: Sample[], target?: number) {
  const ms = samples.map((s) => s.ms);
  const p95 = percentile(ms, 0.95);
  const verdict = target === undefined ? "" : p95 < target ? "yes" : "NO";
  return [
    label,
    String(samples.length),
    percentile(ms, 0.5).toFixed(1),
    p95.toFixed(1),
    Math.max(...ms).toFixed(1),
    String(samples[0]?.matches ?? ""),
    verdict,
  ];
}

function print(lines: string[][]) {
  const header = ["", "runs", "median ms", "p95 ms", "max ms", "size / requests", `< ${targetMs} ms`];
  printColumns(header, lines);
}

async function main() {
  const bench = await createBenchDatabase();
  const database = postgresDatabase(bench.url);
  try {
    await database.migrate();
    const { db } = database;
    const { activityId, firstPersonId, addMs } = await seed(db);
    const [version] = (await db.execute(sql`show server_version`)) as unknown as { server_version: string }[];
    console.log(
      `PostgreSQL ${version?.server_version}: ${directorySize} people, an activity with ${participantCount} participants (adding them in one request's transaction took ${addMs.toFixed(0)} ms).`,
    );
    const roster = `/activities/${activityId}/participants`;
    const lines: string[][] = [];
    for (const role of ["staff", "coordinator"] as const) {
      const { client } = await signedInClient(db, bench.url, role);
      const page = async (path: string) => {
        const response = await client.get(path);
        const html = await response.text();
        if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
        return html.length;
      };
      lines.push(row(`GET roster as ${role} (HTML characters)`, await measure([roster], page), targetMs));
    }
    const { client: staff } = await signedInClient(db, bench.url, "staff");
    const rowIds = (
      await db
        .select({ id: participations.id })
        .from(participations)
        .where(sql`activity_id = ${activityId}`)
        .limit(runs)
    ).map((r) => String(r.id));
    let flip = 0;
    const change = async (id: string) => {
      flip += 1;
      const status = flip % 2 === 0 ? "attended" : "no_show";
      const response = await staff.post(`${roster}/${id}`, { status }, { "hx-request": "true" });
      if (response.status !== 200) throw new Error(`row change answered ${response.status}`);
      return (await response.text()).length;
    };
    lines.push(row("POST one row's status (htmx: row + counts)", await measure(rowIds, change)));
    let contacts = 0;
    const logContact = async () => {
      contacts += 1;
      const response = await staff.post("/interactions", {
        kind: "call",
        occurredAt: "2026-11-28T10:30",
        personIds: String(firstPersonId),
        subject: `Follow-up call ${contacts}`,
        return: `/people/${firstPersonId}`,
      });
      if (response.status !== 303) throw new Error(`logging a contact answered ${response.status}`);
      // One request saves it; the 303 only sends the browser back to the page it came from.
      return 1;
    };
    lines.push(row("POST /interactions (log a contact; requests)", await measure(["contact"], logContact)));
    console.log(
      `\nServer time in ms on this machine, ${runs} timed runs after a warm-up; target: roster under ${targetMs} ms.\n`,
    );
    print(lines);
  } finally {
    await database.close();
    await bench.finish();
  }
}

await main();
