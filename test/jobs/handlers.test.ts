/** Housekeeping, the hourly recurring job: it forgets what can no longer matter and keeps the rest. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/session";
import { rowsOf } from "../../src/db/client";
import { formSubmissions } from "../../src/db/schema";
import { jobHandlers } from "../../src/jobs/handlers";
import { claimJob, type Job } from "../../src/jobs/queue";
import { runClaimedJob } from "../../src/jobs/run";
import { scheduleRecurringJobs } from "../../src/jobs/worker";
import { createLogger } from "../../src/log";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createSigningInUser } from "../helpers/instances";

let database: TestDatabase;
const log = createLogger("silent");
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const count = async (query: ReturnType<typeof sql>) =>
  rowsOf<{ n: number }>(await database.db.execute(query))[0]?.n ?? -1;

async function runRecurring(kind: "clean_up" | "first_attendances") {
  await scheduleRecurringJobs(database.db, jobHandlers);
  await database.db.execute(sql`update jobs set run_at = now() where kind = ${kind}`);
  const job = (await claimJob(database.db, "w", 30_000, { kinds: [kind] })) as Job;
  await runClaimedJob(database.db, job, jobHandlers, { leaseMs: 30_000, log });
}

describe("housekeeping", () => {
  it("deletes expired sessions, day-old form tokens and jobs ended a week ago, and keeps the rest", async () => {
    const userId = await createSigningInUser(database.db);
    const longAgo = new Date(Date.now() - 100 * 24 * 60 * 60 * 1000);
    await createSession(database.db, userId, longAgo);
    await createSession(database.db, userId);
    await database.db.insert(formSubmissions).values([
      { userId, token: "old", resultPath: "/people/1", createdAt: longAgo },
      { userId, token: "new", resultPath: "/people/2" },
    ]);
    await database.db.execute(sql`
      insert into jobs (kind, status, finished_at) values
        ('import', 'done', now() - interval '8 days'), ('import', 'failed', now() - interval '1 day')`);
    await runRecurring("clean_up");
    expect(await count(sql`select count(*)::int as n from sessions`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from form_submissions`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from jobs where kind = 'import'`)).toBe(1);
    // Queued again for the next hour.
    expect(
      await count(sql`select count(*)::int as n from jobs
        where kind = 'clean_up' and status = 'queued' and run_at > now() + interval '59 minutes'`),
    ).toBe(1);
  });
});
