/** Imports as jobs: started twice, queued once; a failure in the background is kept on the import and logged once with its id. */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client";
import { imports } from "../../src/db/schema";
import { importJob, runImport, startImport } from "../../src/imports/job";
import { createImport, getImport } from "../../src/imports/run";
import { startWorker } from "../../src/jobs/worker";
import { createLogger } from "../../src/log";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { peopleList, waitUntil } from "../helpers/instances";

let database: TestDatabase;
const actor = { userId: null };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function uploaded(rows: number): Promise<number> {
  const created = await createImport(
    database.db,
    { kind: "people", activityId: null, fileName: "list.csv", bytes: peopleList(rows) },
    actor,
  );
  if (!created.ok) throw new Error(created.problem);
  return created.id;
}

describe("an import started from the wizard", () => {
  it("is queued once however often it is started, and written once by a worker", async () => {
    const id = await uploaded(5);
    expect(await startImport(database.db, id, actor, "2026-12-01")).toBe(true);
    expect(await startImport(database.db, id, actor, "2026-12-01")).toBe(false);
    const [queued] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from jobs where key = ${`import:${id}`}`),
    );
    expect(queued?.n).toBe(1);
    const worker = startWorker({
      db: database.db,
      log: createLogger("silent"),
      handlers: { import: importJob() },
      pollMs: 50,
    });
    await waitUntil(async () => (await getImport(database.db, id))?.status === "done", 20_000, "imported");
    await worker.stop(2000);
    const [job] = rowsOf<{ status: string; attempts: number }>(
      await database.db.execute(sql`select status, attempts from jobs where key = ${`import:${id}`}`),
    );
    expect(job).toEqual({ status: "done", attempts: 1 });
  });

  it("that fails keeps the reason on the import and logs it once, with the import's id", async () => {
    const id = await uploaded(5);
    // The stored file is damaged after the upload: not a table any more.
    await database.db.update(imports).set({ fileBytes: new Uint8Array() }).where(eq(imports.id, id));
    const lines: string[] = [];
    const log = createLogger("info", {}, (level, line) => {
      if (level === "error") lines.push(line);
    });
    await startImport(database.db, id, actor, "2026-12-01");
    const worker = startWorker({ db: database.db, log, handlers: { import: importJob() }, pollMs: 50 });
    await waitUntil(async () => (await getImport(database.db, id))?.status === "failed", 20_000, "failed");
    await worker.stop(2000);
    expect((await getImport(database.db, id))?.error).toBeTruthy();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("import failed");
    expect(lines[0]).toContain(`importId=${id}`);
  });

  it("that fails on a query keeps the people being written out of its page and the log", async () => {
    const id = await uploaded(5);
    const lines: string[] = [];
    const log = createLogger("info", {}, (level, line) => {
      if (level === "error") lines.push(line);
    });
    const result = await runImport(database.db, id, actor, "2026-12-01", {
      log,
      // A query of the write failing with a person's email among its parameters.
      failAt: async () => {
        await database.db.execute(sql`select ${"aysel0@example.org"}::int`);
      },
    });
    expect(result.ok).toBe(false);
    const stored = (await getImport(database.db, id))?.error ?? "";
    expect(stored).toBe("database error 22P02");
    expect(lines).toHaveLength(1);
    for (const text of [stored, ...lines]) expect(text).not.toContain("aysel0@example.org");
  });
});
