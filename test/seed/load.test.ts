/** The demo network loads once into an empty database, with searchable names in every script, and never twice. */
import { and, count, eq, isNotNull, like, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoNetwork } from "../../seed/load";
import type { Db } from "../../src/db/client";
import {
  activities,
  activityPartners,
  affiliations,
  consents,
  focusAreas,
  interactionOrganizations,
  interactionPeople,
  interactions,
  organizations,
  participations,
  people,
  programmes,
  users,
} from "../../src/db/schema/index";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let database: TestDatabase;
let db: Db;
let userId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const [user] = await db
    .insert(users)
    .values({ email: "coordinator@example.org", name: "Demo Coordinator", role: "coordinator" })
    .returning({ id: users.id });
  if (!user) throw new Error("no user");
  userId = user.id;
});

afterAll(async () => {
  await database?.close();
});

const tables = {
  programmes,
  focusAreas,
  organizations,
  people,
  affiliations,
  consents,
  activities,
  activityPartners,
  participations,
  interactions,
  interactionPeople,
  interactionOrganizations,
} satisfies Record<string, PgTable>;

async function tableCounts(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => {
      const [row] = await db.select({ n: count() }).from(table as PgTable);
      return [name, row?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries);
}

describe("loadDemoNetwork", () => {
  it("loads the whole network into an empty database", async () => {
    const result = await loadDemoNetwork(db, { userId });
    expect(result.loaded).toBe(true);
    const counts = await tableCounts();
    expect(result.counts).toEqual(counts);
    expect(counts.organizations).toBeGreaterThanOrEqual(35);
    expect(counts.organizations).toBeLessThanOrEqual(50);
    expect(counts.people).toBeGreaterThanOrEqual(180);
    expect(counts.people).toBeLessThanOrEqual(220);
    expect(counts.programmes).toBe(1);
    expect(counts.activities).toBeGreaterThanOrEqual(50);
    expect(counts.activities).toBeLessThanOrEqual(70);
    expect(counts.participations).toBeGreaterThan(0);
    // Consent by purpose: most people answered for taking part, some for contact and photos too.
    expect(counts.consents).toBeGreaterThan(counts.people ?? 0);
    expect(counts.interactions).toBeGreaterThan(0);
  });

  it("creates the programme with its four focus areas in order", async () => {
    const [programme] = await db.select().from(programmes);
    expect(programme).toMatchObject({
      name: "Vulnerable Communities in the Caucasus",
      startDate: "1998-06-01",
      endDate: null,
      funders: ["European Union (EIDHR)", "UK National Lottery Charities Board"],
    });
    const areas = await db.select({ name: focusAreas.name }).from(focusAreas).orderBy(focusAreas.position);
    expect(areas.map((area) => area.name)).toEqual([
      "Quality of debate",
      "Capacity building",
      "Awareness",
      "Networking and resource centres",
    ]);
  });

  it("gives every person a search text, so Məmmədov is found as mammadov", async () => {
    const [empty] = await db.select({ n: count() }).from(people).where(eq(people.searchText, ""));
    expect(empty?.n).toBe(0);
    const found = await db
      .select({ fullName: people.fullName })
      .from(people)
      .where(like(people.searchText, "%mammadov%"));
    const names = found.map((person) => person.fullName);
    expect(names.some((name) => name.includes("Məmmədov"))).toBe(true);
    expect(names).toContain("Rashad Mammadov");
  });

  it("finds Georgian, Armenian and Cyrillic names by their Latin spelling", async () => {
    const [row] = await db
      .select({
        georgian: sql<number>`count(*) filter (where ${people.fullName} ~ '[ა-ჰ]' and ${people.searchText} ~ '^[ -~]+$')`,
        armenian: sql<number>`count(*) filter (where ${people.fullName} ~ '[Ա-և]' and ${people.searchText} ~ '^[ -~]+$')`,
        cyrillic: sql<number>`count(*) filter (where ${people.fullName} ~ '[А-яЁё]' and ${people.searchText} ~ '^[ -~]+$')`,
      })
      .from(people);
    expect(Number(row?.georgian)).toBeGreaterThan(0);
    expect(Number(row?.armenian)).toBeGreaterThan(0);
    expect(Number(row?.cyrillic)).toBeGreaterThan(0);
  });

  it("logs the contact log and its follow-ups under the given user", async () => {
    const [unassigned] = await db
      .select({ n: count() })
      .from(interactions)
      .where(sql`${interactions.loggedBy} is distinct from ${userId}`);
    expect(unassigned?.n).toBe(0);
    const [followUps] = await db
      .select({ n: count() })
      .from(interactions)
      .where(and(isNotNull(interactions.followUpDue), eq(interactions.followUpAssigneeId, userId)));
    expect(followUps?.n).toBeGreaterThan(0);
  });

  it("does nothing the second time", async () => {
    const before = await tableCounts();
    const again = await loadDemoNetwork(db);
    expect(again).toEqual({ loaded: false, counts: {} });
    expect(await tableCounts()).toEqual(before);
  });
});
