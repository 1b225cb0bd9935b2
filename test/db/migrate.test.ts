/** Migrations build the whole domain model on a blank database, are safe to re-run, and the constraints refuse bad rows. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { migratePostgres, migrationsFolder } from "../../src/db/migrate";
import {
  activities,
  activityPartners,
  organizations,
  participations,
  people,
  users,
} from "../../src/db/schema";
import { foldText, toSearchText } from "../../src/text/search-text";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const domainTables = [
  "users",
  "sessions",
  "user_tokens",
  "setup_tokens",
  "login_throttles",
  "audit_events",
  "organizations",
  "people",
  "affiliations",
  "programmes",
  "focus_areas",
  "activities",
  "activity_partners",
  "participations",
  "interactions",
  "interaction_people",
  "interaction_organizations",
  "imports",
  "import_rows",
  "import_mappings",
];

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  // A blank database, not the pre-migrated template: these tests are about the migrations themselves.
  database = await createTestDatabase({ blank: true });
  db = database.db;
});

afterAll(async () => {
  await database?.close();
});

/** Rows of a raw query: PGlite answers { rows }, postgres.js an array. */
async function query<Row>(statement: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await db.execute(statement)) as unknown as Row[] | { rows: Row[] };
  return Array.isArray(result) ? result : result.rows;
}

async function tableNames(): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  return rows.map((row) => row.table_name);
}

async function countRows(statement: ReturnType<typeof sql>): Promise<number> {
  const [row] = await query<{ n: number }>(statement);
  return Number(row?.n);
}

/** What PostgreSQL says when a constraint refuses a row: its SQLSTATE and the constraint's name. */
function refusedBy(code: "23505" | "23514", constraint: string) {
  return { cause: { code, message: expect.stringContaining(constraint) } };
}

async function makeActivity(title: string) {
  const [activity] = await db
    .insert(activities)
    .values({ title, kind: "seminar", startDate: "2024-05-10" })
    .returning({ id: activities.id });
  if (!activity) throw new Error("no activity");
  return activity.id;
}

describe("migrations", () => {
  it("create every table of the domain model", async () => {
    const names = await tableNames();
    expect(domainTables.filter((table) => !names.includes(table))).toEqual([]);
  });

  it("can be applied twice without harm", async () => {
    await db.insert(organizations).values({ name: "Kept across migrations" });
    await database.migrate();
    expect(await tableNames()).toEqual(expect.arrayContaining(domainTables));
    expect(
      await countRows(
        sql`select count(*)::int as n from organizations where name = 'Kept across migrations'`,
      ),
    ).toBe(1);
  });

  it("install pg_trgm and its index: a folded search finds a name in Latin and in Cyrillic spelling", async () => {
    await db.insert(people).values([
      { fullName: "Rəşad Məmmədov", searchText: toSearchText(["Rəşad Məmmədov"]) },
      { fullName: "Рашад Мамедов", searchText: toSearchText(["Рашад Мамедов"]) },
      { fullName: "Nino Beridze", searchText: toSearchText(["Nino Beridze"]) },
    ]);
    const rows = await query<{ full_name: string }>(
      sql`select full_name from people where search_text % ${foldText("rashad mammadov")} order by full_name`,
    );
    expect(rows.map((row) => row.full_name)).toEqual(["Rəşad Məmmədov", "Рашад Мамедов"]);
  });
});

// Only a server has several processes migrating at once; PGlite is one process's by its lock file.
describe.runIf(process.env.DATABASE_URL)("migrations on a server", () => {
  it("let several processes migrate one fresh database at the same time", async () => {
    const serverUrl = process.env.DATABASE_URL as string;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    const name = `rt_test_parallel_${Date.now()}`;
    await admin.unsafe(`create database ${name}`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      await Promise.all([1, 2, 3].map(() => migratePostgres(url.toString())));
      const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [row] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      await check.end();
      // Each migration applied exactly once, however many processes raced.
      const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8"));
      expect(row?.n).toBe(journal.entries.length);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

describe("constraints", () => {
  it("refuse a second user whose email differs only in case", async () => {
    await db.insert(users).values({ email: "aysel@example.org", name: "Aysel" });
    await expect(
      db.insert(users).values({ email: "Aysel@Example.org", name: "Aysel again" }),
    ).rejects.toMatchObject(refusedBy("23505", "users_email_lower_unique"));
    expect(
      await countRows(sql`select count(*)::int as n from users where lower(email) = 'aysel@example.org'`),
    ).toBe(1);
  });

  it("refuse an organisation kind outside the list", async () => {
    await expect(
      db.execute(sql`insert into organizations (name, kind) values ('Bogus Org', 'bogus')`),
    ).rejects.toMatchObject(refusedBy("23514", "organizations_kind_check"));
    await expect(db.insert(organizations).values({ name: "Real NGO", kind: "ngo" })).resolves.toBeDefined();
  });

  it("refuse the same person twice on one activity", async () => {
    const activityId = await makeActivity("Seminar on minority languages");
    const [person] = await db
      .insert(people)
      .values({ fullName: "Nino Beridze" })
      .returning({ id: people.id });
    if (!person) throw new Error("no person");
    await db.insert(participations).values({ activityId, personId: person.id });
    await expect(
      db.insert(participations).values({ activityId, personId: person.id, role: "speaker" }),
    ).rejects.toMatchObject(refusedBy("23505", "participations_activity_person_unique"));
  });

  it("refuse the same partner in the same role twice, but allow a second role", async () => {
    const activityId = await makeActivity("Roundtable with parliamentarians");
    const [organization] = await db
      .insert(organizations)
      .values({ name: "Partner NGO" })
      .returning({ id: organizations.id });
    if (!organization) throw new Error("no organization");
    const partner = { activityId, organizationId: organization.id };
    await db.insert(activityPartners).values({ ...partner, role: "host" });
    await expect(db.insert(activityPartners).values({ ...partner, role: "host" })).rejects.toMatchObject(
      refusedBy("23505", "activity_partners_unique"),
    );
    await expect(db.insert(activityPartners).values({ ...partner, role: "funder" })).resolves.toBeDefined();
  });

  it("refuse an activity that ends before it starts", async () => {
    await expect(
      db.insert(activities).values({
        title: "Backwards training",
        kind: "training",
        startDate: "2024-05-10",
        endDate: "2024-05-09",
      }),
    ).rejects.toMatchObject(refusedBy("23514", "activities_dates_check"));
    await expect(
      db.insert(activities).values({
        title: "One-day training",
        kind: "training",
        startDate: "2024-05-10",
        endDate: "2024-05-10",
      }),
    ).resolves.toBeDefined();
  });
});
