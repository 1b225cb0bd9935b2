/** Migrations build the whole domain model on a blank database, are safe to re-run, and the constraints refuse bad rows. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import {
  activities,
  activityPartners,
  organizations,
  participations,
  people,
  users,
} from "../../src/db/schema";
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
  database = await createTestDatabase();
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
    await migrateDatabase(db);
    expect(await tableNames()).toEqual(expect.arrayContaining(domainTables));
    expect(
      await countRows(
        sql`select count(*)::int as n from organizations where name = 'Kept across migrations'`,
      ),
    ).toBe(1);
  });

  it("install pg_trgm, so differently spelled names are similar", async () => {
    const [row] = await query<{ score: number }>(sql`select similarity('mammadov', 'mamedov') as score`);
    expect(Number(row?.score)).toBeGreaterThan(0);
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
