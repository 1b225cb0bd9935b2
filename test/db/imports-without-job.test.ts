/**
 * Migration 0009: an import left "running" from before imports ran as jobs has nothing to finish it, and is marked
 * interrupted; one whose job is queued or running is its job's, and is left alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "../../src/db/migrate";
import { imports } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createSigningInUser, peopleList, queueImport } from "../helpers/instances";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe("imports running without a job (migration 0009)", () => {
  it("marks the orphan interrupted and leaves the one its job runs", async () => {
    const { db } = database;
    const userId = await createSigningInUser(db);
    const withJob = await queueImport(db, userId, peopleList(3));
    const orphan = await queueImport(db, userId, peopleList(3));
    // As before 0006: running, with no job behind it.
    await db.execute(sql`delete from jobs where key = ${`import:${orphan}`}`);
    const migration = readFileSync(join(migrationsFolder, "0009_imports_running_without_job.sql"), "utf8");
    await db.execute(sql.raw(migration));
    const statusOf = async (id: number) =>
      (
        await db
          .select({ status: imports.status, error: imports.error })
          .from(imports)
          .where(eq(imports.id, id))
      )[0];
    expect(await statusOf(orphan)).toEqual({ status: "failed", error: "interrupted" });
    expect(await statusOf(withJob)).toEqual({ status: "running", error: null });
  });
});
