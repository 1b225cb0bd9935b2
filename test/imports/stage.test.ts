/**
 * The staged lines of an import (decision 21): made once per reading, the newer of two stagings at once kept whole,
 * read by the preview (which stages nothing), removed when the import is written, kept when it fails.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importLines, imports, people } from "../../src/db/schema";
import { runImport } from "../../src/imports/job";
import { ensureStaged, getImport, type ImportRecord, previewOf } from "../../src/imports/run";
import { stagedLinesKeptMs, stageLines, unstageAbandonedImports } from "../../src/imports/stage";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { actor, createTextImport, importText, today } from "./import-text";

let database: TestDatabase;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const file = "Name,Email,City\nNigar Hasanova,nigar@stage.az,Baku\nNot An Email,not-an-email,Ganja\n";
const stagedLines = async (importId: number) =>
  db().select().from(importLines).where(eq(importLines.importId, importId)).orderBy(importLines.line);
async function record(id: number): Promise<ImportRecord> {
  const found = await getImport(db(), id);
  if (!found) throw new Error("the import vanished");
  return found;
}

describe("staging an import's lines", () => {
  it("stores each line once, normalised, with the refused line's cells and why", async () => {
    const id = await createTextImport(db(), "people", file);
    const staged = await ensureStaged(db(), await record(id));
    expect(staged).toMatchObject({ ok: true, lineCount: 2 });
    const lines = await stagedLines(id);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      line: 2,
      values: { full_name: "Nigar Hasanova", email: "nigar@stage.az", city: "Baku" },
      errors: null,
    });
    expect(lines[1]).toMatchObject({
      line: 3,
      values: null,
      cells: ["Not An Email", "not-an-email", "Ganja"],
      errors: [{ column: 1, header: "Email", message: "import.email" }],
    });
    // Staged for this reading already: asked again, nothing is read anew.
    const again = await ensureStaged(db(), await record(id));
    expect(again).toMatchObject({ ok: true, lineCount: 2 });
    expect(again.ok && staged.ok && again.staging).toBe(staged.ok && staged.staging);
  });

  it("refuses a line the person form would refuse, with the form's reason: a name of two parts too long together", async () => {
    const given = "A".repeat(120);
    const family = "B".repeat(120);
    const id = await createTextImport(
      db(),
      "people",
      `Given name,Family name\n${given},${family}\nAli,Valiyev\n`,
    );
    await ensureStaged(db(), await record(id));
    const [tooLong, fine] = await stagedLines(id);
    expect(tooLong).toMatchObject({
      values: null,
      errors: [{ column: 0, header: "Given name", message: "form.tooLong" }],
    });
    expect(fine).toMatchObject({ values: { full_name: "Ali Valiyev" }, errors: null });
    const preview = await previewOf(db(), await record(id), today);
    expect(preview?.counts).toMatchObject({ created: 1, rejected: 1 });
  });

  it("keeps the newer of two stagings made at once, whole, and nothing of the older", async () => {
    const id = await createTextImport(db(), "people", file);
    const stored = await record(id);
    // The second save leaves the email column out: its lines have no email, and the bad one is accepted.
    const withoutEmail = { ...stored, mapping: { columns: ["full_name", null, "city"], overwrite: [] } };
    await db().update(imports).set({ mapping: withoutEmail.mapping }).where(eq(imports.id, id));
    const [first, second] = await Promise.all([stageLines(db(), stored), stageLines(db(), withoutEmail)]);
    expect(first.ok && second.ok).toBe(true);
    const lines = await stagedLines(id);
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((line) => line.staging)).size).toBe(1);
    expect(lines.every((line) => line.errors === null && !("email" in (line.values as object)))).toBe(true);
    const current = await record(id);
    expect(current.staging).toBe(Math.max(first.ok ? first.staging : 0, second.ok ? second.staging : 0));
    const preview = await previewOf(db(), current, today);
    expect(preview?.counts).toMatchObject({ created: 2, rejected: 0 });
  });

  it("leaves nothing when it ends after the import was written (a mapping saved as the run began)", async () => {
    const { id } = await importText(db(), "people", "Name,Email\nLate Staging,late@stage.az\n");
    const late = await stageLines(db(), await record(id));
    expect(late.ok).toBe(true);
    expect(await stagedLines(id)).toHaveLength(0);
    expect(await record(id)).toMatchObject({ status: "done", staging: null, stagedFor: null });
  });

  it("is not done by the preview, which has nothing to show until the lines are staged for the current mapping", async () => {
    const id = await createTextImport(db(), "people", file);
    expect(await previewOf(db(), await record(id), today)).toBeUndefined();
    expect(await stagedLines(id)).toHaveLength(0);
    await ensureStaged(db(), await record(id));
    expect((await previewOf(db(), await record(id), today))?.counts).toMatchObject({
      created: 1,
      rejected: 1,
    });
    // Another mapping: the lines staged for the old one are not the preview's.
    await db()
      .update(imports)
      .set({ mapping: { columns: ["full_name", null, null], overwrite: [] } })
      .where(eq(imports.id, id));
    expect(await previewOf(db(), await record(id), today)).toBeUndefined();
  });

  it("goes when the import is written, with each refused line recorded; the preview counted what the run did", async () => {
    const id = await createTextImport(db(), "people", file.replace("nigar@stage.az", "nigar2@stage.az"));
    await ensureStaged(db(), await record(id));
    const preview = await previewOf(db(), await record(id), today);
    const run = await runImport(db(), id, actor, today);
    if (!run.ok) throw new Error(run.error);
    expect(run.summary.counts).toEqual(preview?.counts);
    expect(await stagedLines(id)).toHaveLength(0);
    expect(await record(id)).toMatchObject({ status: "done", staging: null, stagedFor: null });
    expect(run.summary.rejected.items).toEqual([
      {
        line: 3,
        cells: ["Not An Email", "not-an-email", "Ganja"],
        errors: [{ column: 1, header: "Email", message: "import.email" }],
        warnings: [],
      },
    ]);
  });

  it("goes with the hourly clean-up once the import is left untouched for a week, unless it is running", async () => {
    const id = await createTextImport(db(), "people", file);
    await ensureStaged(db(), await record(id));
    const now = new Date(Date.now() + stagedLinesKeptMs - 60_000);
    await unstageAbandonedImports(db(), now);
    expect(await stagedLines(id)).toHaveLength(2);
    const later = new Date(Date.now() + stagedLinesKeptMs + 60_000);
    await db().update(imports).set({ status: "running" }).where(eq(imports.id, id));
    await unstageAbandonedImports(db(), later);
    expect(await stagedLines(id)).toHaveLength(2);
    await db().update(imports).set({ status: "mapped" }).where(eq(imports.id, id));
    await unstageAbandonedImports(db(), later);
    expect(await stagedLines(id)).toHaveLength(0);
    expect(await record(id)).toMatchObject({ staging: null, stagedFor: null });
    expect(await previewOf(db(), await record(id), today)).toBeUndefined();
  });

  it("stays when the import fails, and the next run reads it", async () => {
    const { id } = await importText(db(), "people", "Name,Email\nRuslan Aliyev,ruslan@stage.az\n");
    expect(await stagedLines(id)).toHaveLength(0);
    const failing = await createTextImport(
      db(),
      "people",
      "Name,Email\nRuslan Aliyev,ruslan@stage.az\nNew One,new@stage.az\n",
    );
    const failed = await runImport(db(), failing, actor, today, {
      failAt: async (stage) => {
        if (stage === "written") throw new Error("the database went away");
      },
    });
    expect(failed).toEqual({ ok: false, error: "the database went away" });
    expect(await db().$count(people, eq(people.email, "new@stage.az"))).toBe(0);
    const kept = await stagedLines(failing);
    expect(kept).toHaveLength(2);
    const again = await runImport(db(), failing, actor, today);
    if (!again.ok) throw new Error(again.error);
    expect(again.summary.counts).toMatchObject({ created: 1, unchanged: 1 });
    expect(await db().$count(people, eq(people.email, "new@stage.az"))).toBe(1);
  });
});
