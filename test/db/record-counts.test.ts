/**
 * The counts the database keeps (migration 0007, `record-counts.ts`): they agree with counting the rows after every
 * kind of write, after folding, and after a truncate; on the server, writers and a fold never wait for each other.
 */
import { eq, isNull, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, rowsOf } from "../../src/db/client";
import { foldRecordCounts, foldRecordCountsIfMany, readRecordCounts } from "../../src/db/record-counts";
import { activities, interactions, organizations, participations, people } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { insertActivity, insertContact, insertPerson } from "../helpers/records";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.close();
});

/** The counts as a full count finds them. */
async function counted() {
  return {
    organizations: await db.$count(organizations, isNull(organizations.archivedAt)),
    people: await db.$count(people, isNull(people.archivedAt)),
    activities: await db.$count(activities, ne(activities.status, "cancelled")),
    attended: await db.$count(participations, eq(participations.status, "attended")),
    interactions: await db.$count(interactions),
  };
}

async function storedRows(): Promise<number> {
  const [row] = rowsOf<{ rows: number }>(
    await db.execute(sql`select count(*)::int as rows from record_counts`),
  );
  return row?.rows ?? 0;
}

describe("record counts", () => {
  it("agree with a full count after inserts, updates that move rows in and out, and deletes of many rows at once", async () => {
    const ids = await db
      .insert(people)
      .values(Array.from({ length: 30 }, (_, i) => ({ fullName: `Counted ${i}` })))
      .returning({ id: people.id });
    await db.update(people).set({ archivedAt: new Date() }).where(sql`${people.fullName} like 'Counted 1%'`);
    const activity = await insertActivity(db, { title: "Counted", startDate: "2025-05-05" });
    await db.insert(participations).values(
      ids.map(({ id }, i) => ({
        activityId: activity,
        personId: id,
        status: i % 3 === 0 ? ("no_show" as const) : ("attended" as const),
      })),
    );
    // An update that moves some rows into the count and others out of it, in one statement.
    await db
      .update(participations)
      .set({ status: sql`case when status = 'attended' then 'no_show' else 'attended' end` })
      .where(eq(participations.activityId, activity));
    await db.delete(participations).where(sql`${participations.personId} % 4 = 0`);
    await insertContact(db, { occurredAt: new Date(), subject: "Counted" });
    expect(await readRecordCounts(db)).toEqual(await counted());
    expect((await counted()).attended).toBeGreaterThan(0);
  });

  it("fold their rows into one per count once there are many, and still agree", async () => {
    for (let i = 0; i < 210; i++) await insertPerson(db, { fullName: `Folded ${i}` });
    expect(await storedRows()).toBeGreaterThan(200);
    const expected = await counted();
    // Reading writes nothing; the recurring job folds them.
    expect(await readRecordCounts(db)).toEqual(expected);
    expect(await storedRows()).toBeGreaterThan(200);
    await foldRecordCountsIfMany(db);
    expect(await storedRows()).toBeLessThanOrEqual(5);
    expect(await readRecordCounts(db)).toEqual(expected);
  });

  it("start again from zero when a counted table is truncated", async () => {
    await insertContact(db, { occurredAt: new Date(), subject: "Truncated" });
    await db.execute(sql`truncate interactions cascade`);
    await insertContact(db, { occurredAt: new Date(), subject: "After the truncate" });
    expect((await readRecordCounts(db)).interactions).toBe(1);
    expect(await readRecordCounts(db)).toEqual(await counted());
  });

  // Needs a second connection while a transaction stays open: the embedded database has only one.
  it.skipIf(!process.env.DATABASE_URL)(
    "let a writer and a fold go on while another writer's transaction is open, and count it once it commits",
    async () => {
      const before = (await readRecordCounts(db)).people;
      let inserted: () => void = () => {};
      const open = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      let finish: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const slow = db.transaction(async (tx) => {
        await tx.insert(people).values({ fullName: "Slow writer" });
        inserted();
        await held;
      });
      await open;
      // Neither of these may wait for the open transaction: a wait would hit the test's time-out.
      await insertPerson(db, { fullName: "Quick writer" });
      await foldRecordCounts(db);
      expect((await readRecordCounts(db)).people).toBe(before + 1);
      finish();
      await slow;
      expect((await readRecordCounts(db)).people).toBe(before + 2);
      await foldRecordCounts(db);
      expect(await readRecordCounts(db)).toEqual(await counted());
    },
  );
});
