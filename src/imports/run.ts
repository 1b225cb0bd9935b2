/**
 * An import from upload to result, the same for the wizard and the CLI: the file is stored with the import, read,
 * planned (nothing written), then written in ONE transaction with its per-line record, its counts and an audit event.
 * A failure part-way rolls everything back and leaves the import marked failed, to be run again.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { activities, imports } from "../db/schema";
import { LeaseLost } from "../jobs/queue";
import { applyPlan, Batch, ChangedMeanwhile, type ImportRowEntry } from "./apply";
import type { Delimiter } from "./delimiter";
import type { Encoding } from "./encoding";
import { type FieldKey, fieldKeys, matchHeaders } from "./fields";
import { type ImportKind, type PlanOptions, planChunks, preparePlan } from "./plan";
import { asBytea, fileOf, type ImportRecord, mappingOf, readingOf, recordColumns } from "./record";
import { currentStaging, stagedLineCount, stageLines, unstage } from "./stage";
import { type ImportSummary, SummaryBuilder } from "./summary";
import { maxRows, summarizeTable, type TableProblem, type TableSummary } from "./table";
import { isWorkbook, workbookAsCsv } from "./workbook";

export { fileOf, getImport, type ImportMapping, type ImportRecord, mappingOf, preparing } from "./record";

/** The largest file the wizard and the CLI take (a bigger list is split). */
export const maxFileBytes = 50 * 1024 * 1024;
/** The largest file the command line takes: a million lines of a wide list (an upload stops at 50 MB). */
export const maxCommandLineFileBytes = 256 * 1024 * 1024;
/** Why a file cannot be imported at all. */
export type ImportProblem = TableProblem | "noRows" | "unreadableWorkbook" | "sheetNotFound";
export type FileChoices = {
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** The field of each column by its header; without it, headers are matched automatically. */
  columnsByHeader?: Record<string, string>;
  /** The bytes are a workbook's sheet made CSV (`fileToImport`): read as UTF-8 with commas. */
  fromWorkbook?: boolean;
};

/**
 * The bytes to import: a workbook's sheet (by name or number; by default the first holding something) made CSV, so
 * every later step (mapping, preview, run, undo) reads text; anything else as it came. Called before the import's
 * transaction: parsing a workbook takes a worker up to 30 s, and on the embedded database an open transaction would
 * hold every other request for as long.
 */
export async function fileToImport(
  bytes: Uint8Array,
  sheet?: string,
): Promise<{ ok: true; bytes: Uint8Array; workbook?: SheetRead } | { ok: false; problem: ImportProblem }> {
  if (!isWorkbook(bytes)) return { ok: true, bytes };
  const book = await workbookAsCsv(bytes, { sheet, maxRows: maxRows + 2 });
  if (!book.ok) return book;
  return { ok: true, bytes: book.csv, workbook: { sheet: book.sheet, sheets: book.sheets } };
}

/** The sheet a workbook was read from, and all its sheets. */
export type SheetRead = { sheet: string; sheets: string[] };

export async function createImport(
  db: Db | Tx,
  file: { kind: ImportKind; activityId: number | null; fileName: string; bytes: Uint8Array },
  actor: Actor,
  choices: FileChoices = {},
): Promise<{ ok: true; id: number; table: TableSummary } | { ok: false; problem: ImportProblem }> {
  const { bytes } = file;
  const workbook = choices.fromWorkbook;
  const read = summarizeTable(
    bytes,
    workbook
      ? { encoding: "utf-8", delimiter: "," }
      : { encoding: choices.encoding, delimiter: choices.delimiter },
  );
  if (!read.ok) return read;
  if (read.table.rowCount === 0) return { ok: false, problem: "noRows" };
  const { header } = read.table;
  const byHeader = choices.columnsByHeader;
  const columns = byHeader
    ? header.map((name) =>
        (fieldKeys(file.kind) as readonly string[]).includes(byHeader[name] ?? "")
          ? (byHeader[name] as FieldKey)
          : null,
      )
    : matchHeaders(file.kind, header);
  const [row] = await db
    .insert(imports)
    .values({
      kind: file.kind,
      activityId: file.activityId,
      fileName: file.fileName,
      fileBytes: asBytea(bytes),
      encoding: read.table.encoding,
      delimiter: read.table.delimiter,
      rowsTotal: read.table.rowCount,
      mapping: { columns, overwrite: [] },
      createdBy: actor.userId,
    })
    .returning({ id: imports.id });
  return { ok: true, id: row?.id as number, table: read.table };
}

/** What the mapping step shows of the stored file: header, first rows, row count. */
export async function tableOf(db: Db, record: Pick<ImportRecord, "id" | "encoding" | "delimiter">) {
  return summarizeTable(await fileOf(db, record.id), readingOf(record));
}

/** What planning the import needs besides its staged lines: the preview's choices, and a roster file's activity. */
async function planOptions(
  db: Db,
  record: ImportRecord,
  staging: number,
  today: string,
): Promise<PlanOptions> {
  const mapping = mappingOf(record);
  const activity = record.activityId
    ? (
        await db
          .select({ id: activities.id, startDate: activities.startDate })
          .from(activities)
          .where(eq(activities.id, record.activityId))
      )[0]
    : undefined;
  return {
    kind: record.kind,
    importId: record.id,
    staging,
    overwrite: new Set(mapping.overwrite),
    sameAs: new Map(Object.entries(mapping.sameAs ?? {})),
    activity,
    today,
  };
}

/** The import's lines staged for its current reading: the staging already made, or a new one. */
export async function ensureStaged(
  db: Db,
  record: ImportRecord,
  onProgress?: (linesRead: number) => Promise<void>,
): Promise<{ ok: true; staging: number; lineCount: number } | { ok: false; problem: TableProblem }> {
  const staging = currentStaging(record);
  if (staging !== null) return { ok: true, staging, lineCount: await stagedLineCount(db, staging) };
  return stageLines(db, record, onProgress);
}

/**
 * What running the import now would do (nothing written), from its lines staged for its current reading; undefined
 * when none are (the mapping is saved again to stage them).
 */
export async function previewOf(
  db: Db,
  record: ImportRecord,
  today: string,
): Promise<ImportSummary | undefined> {
  const staging = currentStaging(record);
  if (staging === null) return undefined;
  const plan = await preparePlan(db, await planOptions(db, record, staging, today));
  const summary = new SummaryBuilder(plan);
  for await (const chunk of planChunks(db, plan)) summary.add(chunk);
  return summary.finish(db);
}

const importRowTypes =
  "import_id int, line_number int, outcome text, entity_type text, entity_id int, values jsonb, errors jsonb, before jsonb";

async function storeEntries(tx: Tx, importId: number, entries: ImportRowEntry[]) {
  const rows = entries.map((entry) => ({
    import_id: importId,
    line_number: entry.line,
    outcome: entry.outcome,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    values: entry.values ?? null,
    errors: entry.errors ?? null,
    before: entry.before ?? null,
  }));
  await tx.execute(sql`
    insert into import_rows (import_id, line_number, outcome, entity_type, entity_id, values, errors, before)
    select import_id, line_number, outcome, entity_type, entity_id, values, errors, before
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(importRowTypes)})`);
}

export type RunResult = { ok: true; summary: ImportSummary } | { ok: false; error: string };

/**
 * Marks the import running, in one statement, so a double click or a second tab cannot run it twice; undefined when
 * it is not waiting to run (already running, done, undone).
 */
export async function claimImport(db: Db | Tx, id: number): Promise<ImportRecord | undefined> {
  // A running import is its job's: one whose process died is taken again by a worker once the lease lapses.
  const waiting = inArray(imports.status, ["uploaded", "mapped", "previewed", "failed"]);
  const [record] = await db
    .update(imports)
    .set({ status: "running", startedAt: new Date(), rowsDone: 0, error: null, updatedAt: new Date() })
    .where(and(eq(imports.id, id), waiting))
    .returning(recordColumns);
  return record;
}

export type ImportHooks = {
  /** Lets the fault test make the database fail part-way. */
  failAt?: (stage: "planned" | "written") => Promise<void>;
  /** Aborted (the worker stops, or lost the job): the import stops between steps, writes nothing, and stays running. */
  signal?: AbortSignal;
  /** Runs inside the write transaction, last: the job running the import ends in the same commit. */
  beforeCommit?: (tx: Tx) => Promise<void>;
};

/** Plans and writes a claimed import (see claimImport). */
export async function executeImport(
  db: Db,
  record: ImportRecord,
  actor: Actor,
  today: string,
  { failAt, signal, beforeCommit }: ImportHooks = {},
): Promise<RunResult> {
  const id = record.id;
  try {
    const progress = async (linesRead: number) => {
      signal?.throwIfAborted();
      await db.update(imports).set({ rowsDone: linesRead }).where(eq(imports.id, id));
    };
    const staged = await ensureStaged(db, record, progress);
    if (!staged.ok) throw new Error(staged.problem);
    // Every line is read, checked and staged; the records are matched, then written, in one transaction.
    await progress(staged.lineCount);
    const plan = await preparePlan(db, await planOptions(db, record, staged.staging, today));
    signal?.throwIfAborted();
    if (failAt) await failAt("planned");
    const summary = await db.transaction(async (tx) => {
      const entries = new Batch<ImportRowEntry>((rows) => {
        signal?.throwIfAborted();
        return storeEntries(tx, id, rows);
      });
      const summary = await applyPlan(tx, plan, actor.userId, entries, signal);
      if (failAt) await failAt("written");
      await unstage(tx, id);
      await tx
        .update(imports)
        .set({
          status: "done",
          counts: summary.counts,
          rowsDone: staged.lineCount,
          finishedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(imports.id, id));
      await recordAudit(tx, {
        ...actor,
        action: "import.run",
        entityType: "import",
        entityId: id,
        after: { kind: record.kind, fileName: record.fileName, counts: summary.counts },
      });
      await beforeCommit?.(tx);
      return summary;
    });
    return { ok: true, summary };
  } catch (error) {
    // Stopped from outside: it is not the import's failure; it stays running, for its job to be taken again.
    if (signal?.aborted || error instanceof LeaseLost) throw error;
    // Nothing of the import was written (one transaction); the import says why and can be run again.
    const message = failureOf(error);
    await failImport(db, id, message);
    return { ok: false, error: message };
  }
}

/**
 * Why an import failed, fit for its page and the log: of a failed query only the database's error code, since its
 * parameters and even its message ('invalid input syntax …: "<value>"') can hold the people being written.
 */
function failureOf(error: unknown): string {
  if (error instanceof ChangedMeanwhile) return "changedMeanwhile";
  if (!(error instanceof Error)) return String(error);
  if ("query" in error) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === "string" ? `database error ${code}` : "database error";
  }
  return error.message;
}

/** Marks a running import failed, with why, so its page offers to run it again. */
export async function failImport(db: Db, id: number, error: string): Promise<void> {
  await db
    .update(imports)
    .set({ status: "failed", error: error.slice(0, 500), finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(imports.id, id), eq(imports.status, "running")));
}
