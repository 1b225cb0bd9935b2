/**
 * The file's lines staged in the database (decision 21): read and normalised once, when the mapping is saved (or when
 * an import runs with none staged for its current reading), and kept in import_lines. Planning and writing then read
 * them a chunk at a time, and the directory's records are matched against them by joins, so an import's memory does
 * not grow with its file. The lines go when the import is written (in its transaction).
 */
import { and, asc, count, eq, gt, inArray, isNotNull, lt, ne, notInArray, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import { importLines, imports } from "../db/schema";
import type { MessageKey } from "../i18n";
import { nameKey } from "../text/name-key";
import type { FieldKey, ImportKind } from "./fields";
import { formProblems } from "./form-check";
import type { Values } from "./merge";
import { rowValues } from "./normalize";
import { fileOf, type ImportRecord, mappingOf, readingOf } from "./record";
import { openTable, type TableProblem, type TableStream } from "./table";

/**
 * Lets the event loop turn: timers, signals and other requests get in between two chunks of an import (the embedded
 * database answers within the same turn, so an import would otherwise hold the process until it ends).
 */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** How the import's lines are read: its staged lines are current while this stays the same. */
export function readingKey(record: Pick<ImportRecord, "encoding" | "delimiter" | "mapping">): string {
  const columns = (record.mapping as { columns?: unknown } | null)?.columns ?? [];
  return JSON.stringify([record.encoding, record.delimiter, columns]);
}

/** The staging of the import's lines that is current for its reading, if any. */
export function currentStaging(record: ImportRecord): number | null {
  return record.stagedFor === readingKey(record) ? record.staging : null;
}

const stagedTypes = "line int, values jsonb, cells jsonb, errors jsonb, warnings jsonb, name_key text";

/**
 * A line as staged: the values of an accepted one; the cells and what was said of them when anything was. A line the
 * importer reads is also checked by the form's own schema (form-check.ts).
 */
function stagedLine(
  kind: ImportKind,
  columns: readonly (FieldKey | null)[],
  header: string[],
  row: { line: number; cells: string[] },
) {
  const read = rowValues(kind, columns as (FieldKey | null)[], row.cells, header);
  const errors: LineProblem[] = read.errors;
  if (errors.length === 0) {
    for (const problem of formProblems(kind, read.values, columns)) {
      errors.push({ ...problem, header: header[problem.column] });
    }
  }
  const accepted = errors.length === 0;
  const noted = !accepted || read.warnings.length > 0;
  const name = read.values[kind === "organizations" ? "name" : "full_name"];
  return {
    line: row.line,
    values: accepted ? read.values : null,
    cells: noted ? row.cells : null,
    errors: accepted ? null : errors,
    warnings: read.warnings.length > 0 ? read.warnings : null,
    name_key: accepted && typeof name === "string" ? nameKey(name) || null : null,
  };
}

/**
 * Reads the stored file through its mapping and stages every line, as a new staging that becomes the import's current
 * one (unless a newer one did meanwhile: two saves of the mapping at once); `onProgress` is told how many lines were
 * read after each chunk. Nothing stays staged when the file cannot be read to its end.
 */
export async function stageLines(
  db: Db,
  record: ImportRecord,
  onProgress?: (linesRead: number) => Promise<void>,
): Promise<{ ok: true; staging: number; lineCount: number } | { ok: false; problem: TableProblem }> {
  const read = openTable(await fileOf(db, record.id), readingOf(record));
  if (!read.ok) return read;
  const [next] = rowsOf<{ staging: number | string }>(
    await db.execute(sql`select nextval('import_stagings') as staging`),
  );
  const staging = Number(next?.staging);
  try {
    return await stageAs(db, record, staging, read.table, onProgress);
  } catch (error) {
    // Stopped part-way (the import's job was stopped, or a query failed): what was staged goes, if it can.
    await db
      .delete(importLines)
      .where(eq(importLines.staging, staging))
      .catch(() => {});
    throw error;
  }
}

async function stageAs(
  db: Db,
  record: ImportRecord,
  staging: number,
  table: TableStream,
  onProgress?: (linesRead: number) => Promise<void>,
): Promise<{ ok: true; staging: number; lineCount: number } | { ok: false; problem: TableProblem }> {
  const { header } = table;
  const columns = mappingOf(record).columns as (FieldKey | null)[];
  let lineCount = 0;
  // The database writes one chunk while the next is read: at most one insert is waiting.
  let writing: Promise<unknown> = Promise.resolve();
  for (const rows of table.batches()) {
    const staged = rows.map((row) => stagedLine(record.kind, columns, header, row));
    await writing;
    // A drizzle query runs each time it is awaited: Promise.resolve runs it once.
    writing = Promise.resolve(
      db.execute(sql`
      insert into import_lines (import_id, staging, line, values, cells, errors, warnings, name_key)
      select ${record.id}, ${staging}, line, values, cells, errors, warnings, name_key
      from jsonb_to_recordset(${JSON.stringify(staged)}::jsonb) as r(${sql.raw(stagedTypes)})`),
    );
    // Not left unhandled while the next chunk is read; awaited (and thrown) before the next insert.
    writing.catch(() => {});
    lineCount += rows.length;
    await onProgress?.(lineCount);
    await nextTurn();
  }
  await writing;
  const problem = table.problem();
  // Current unless a newer staging is, or the import was written (or undone) meanwhile.
  const current = problem
    ? []
    : await db
        .update(imports)
        .set({ staging, stagedFor: readingKey(record) })
        .where(
          and(
            eq(imports.id, record.id),
            sql`coalesce(${imports.staging}, 0) < ${staging}`,
            notInArray(imports.status, ["done", "undone"]),
          ),
        )
        .returning({ id: imports.id });
  // The older stagings go; this one too if it is not the current one.
  await db
    .delete(importLines)
    .where(
      and(
        eq(importLines.importId, record.id),
        current.length > 0 ? lt(importLines.staging, staging) : eq(importLines.staging, staging),
      ),
    );
  if (problem) return { ok: false, problem };
  return { ok: true, staging, lineCount };
}

/** Removes the import's staged lines. */
export async function unstage(db: Db | Tx, importId: number): Promise<void> {
  await db.delete(importLines).where(eq(importLines.importId, importId));
  await db.update(imports).set({ staging: null, stagedFor: null }).where(eq(imports.id, importId));
}

/** How long an import's staged lines wait for it to be run, untouched, before the clean-up removes them. */
export const stagedLinesKeptMs = 7 * 24 * 60 * 60 * 1000;

/**
 * Removes the staged lines of imports left half-way (not run, not touched for a week), for the hourly clean-up; their
 * preview then asks for the mapping to be saved again.
 */
export async function unstageAbandonedImports(db: Db, now = new Date()): Promise<void> {
  const abandoned = await db
    .update(imports)
    .set({ staging: null, stagedFor: null })
    .where(
      and(
        isNotNull(imports.staging),
        ne(imports.status, "running"),
        lt(imports.updatedAt, new Date(now.getTime() - stagedLinesKeptMs)),
      ),
    )
    .returning({ id: imports.id });
  if (abandoned.length === 0) return;
  await db.delete(importLines).where(
    inArray(
      importLines.importId,
      abandoned.map((record) => record.id),
    ),
  );
}

/** An accepted line with the fields the plan matches and groups by (the rest is read a chunk at a time). */
export type KeyRow = { line: number; values: Values };

const keyFields: Record<ImportKind, readonly string[]> = {
  organizations: ["name"],
  people: ["full_name", "email", "phone", "organization"],
  participants: ["full_name", "email", "phone", "organization"],
};

/** Every accepted line's keys, in file order, read a page at a time. */
export async function keyRows(db: Db | Tx, staging: number, kind: ImportKind): Promise<KeyRow[]> {
  const fields = keyFields[kind];
  const selected = fields.map((field) => sql`${importLines.values}->>${field}`);
  const rows: KeyRow[] = [];
  const page = 20_000;
  for (let after = 0; ; ) {
    const found = await db
      .select({
        line: importLines.line,
        keys: sql<(string | null)[]>`json_build_array(${sql.join(selected, sql`, `)})`,
      })
      .from(importLines)
      .where(
        and(eq(importLines.staging, staging), isNotNull(importLines.values), gt(importLines.line, after)),
      )
      .orderBy(asc(importLines.line))
      .limit(page);
    for (const row of found) {
      const values: Values = {};
      fields.forEach((field, index) => {
        values[field] = row.keys[index] ?? null;
      });
      rows.push({ line: row.line, values });
    }
    if (found.length < page) return rows;
    after = found.at(-1)?.line ?? after;
  }
}

/** The values of these accepted lines, by line. */
export async function valuesOfLines(
  db: Db | Tx,
  staging: number,
  lines: number[],
): Promise<Map<number, Values>> {
  if (lines.length === 0) return new Map();
  // One JSON parameter, not a parameter per line.
  const wanted = sql`(select value::int from jsonb_array_elements_text(${JSON.stringify(lines)}::jsonb))`;
  const found = await db
    .select({ line: importLines.line, values: importLines.values })
    .from(importLines)
    .where(and(eq(importLines.staging, staging), sql`${importLines.line} in ${wanted}`));
  return new Map(found.map((row) => [row.line, (row.values ?? {}) as Values]));
}

export type LineProblem = { column: number; header?: string; message: MessageKey };
/** A line of the file with something refused (it is rejected) or noted in it, with its cells as the file has them. */
export type PlanLine = { line: number; cells: string[]; errors: LineProblem[]; warnings: LineProblem[] };

/** The first `limit` lines refused (`rejected`) or accepted with a warning (`warned`), in file order, and how many. */
export async function notedLines(
  db: Db | Tx,
  staging: number,
  which: "rejected" | "warned",
  limit: number,
): Promise<{ lines: PlanLine[]; total: number }> {
  const where = and(
    eq(importLines.staging, staging),
    which === "rejected"
      ? isNotNull(importLines.errors)
      : and(sql`${importLines.errors} is null`, isNotNull(importLines.warnings)),
  );
  const [counted] = await db.select({ total: count() }).from(importLines).where(where);
  const found = await db
    .select({
      line: importLines.line,
      cells: importLines.cells,
      errors: importLines.errors,
      warnings: importLines.warnings,
    })
    .from(importLines)
    .where(where)
    .orderBy(asc(importLines.line))
    .limit(limit);
  const lines = found.map((row) => ({
    line: row.line,
    cells: (row.cells ?? []) as string[],
    errors: (row.errors ?? []) as LineProblem[],
    warnings: (row.warnings ?? []) as LineProblem[],
  }));
  return { lines, total: Number(counted?.total ?? 0) };
}

/** How many lines are staged (the file's lines, blank ones aside). */
export async function stagedLineCount(db: Db | Tx, staging: number): Promise<number> {
  const [counted] = await db
    .select({ total: count() })
    .from(importLines)
    .where(eq(importLines.staging, staging));
  return Number(counted?.total ?? 0);
}
