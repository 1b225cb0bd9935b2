/** Imports built in a test: CSV text in, the import's id, plan and counts out (throws when it does not run). */
import { eq } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import { imports } from "../../src/db/schema";
import { runImport } from "../../src/imports/job";
import { createImport, getImport, mappingOf } from "../../src/imports/run";

export const actor = { userId: null };
export const today = "2026-11-28";

type Kind = "people" | "organizations" | "participants";
type Options = {
  activityId?: number;
  overwrite?: string[];
  /** The file's organisation names (same-name keys) taken as organisations of the directory, as the preview does. */
  sameAs?: Record<string, number>;
  fileName?: string;
};

/** Stores the file as an import (nothing written to the directory yet); optionally with the preview's choices. */
export async function createTextImport(db: Db, kind: Kind, text: string, options: Options = {}) {
  const created = await createImport(
    db,
    {
      kind,
      activityId: options.activityId ?? null,
      fileName: options.fileName ?? "test.csv",
      bytes: new TextEncoder().encode(text),
    },
    actor,
  );
  if (!created.ok) throw new Error(`createImport: ${created.problem}`);
  if (options.overwrite || options.sameAs) {
    const record = await getImport(db, created.id);
    if (!record) throw new Error("the import vanished");
    await db
      .update(imports)
      .set({
        mapping: {
          ...mappingOf(record),
          overwrite: options.overwrite ?? [],
          sameAs: options.sameAs ?? {},
        },
      })
      .where(eq(imports.id, created.id));
  }
  return created.id;
}

export async function importText(db: Db, kind: Kind, text: string, options: Options = {}) {
  const id = await createTextImport(db, kind, text, options);
  const result = await runImport(db, id, actor, today);
  if (!result.ok) throw new Error(`runImport: ${result.error}`);
  return { id, summary: result.summary, counts: result.summary.counts };
}

/** A CSV line: every cell quoted, inner quotes doubled. */
export function csvLine(cells: string[]): string {
  return cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(",");
}
