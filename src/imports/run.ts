/**
 * An import from upload to result, the same for the wizard and the CLI: the file is stored with the import, read,
 * planned (nothing written), then written in ONE transaction with its per-line record, its counts and an audit event.
 * A failure part-way rolls everything back and leaves the import marked failed, to be run again.
 */
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import { type Db, rowsOf, type Tx } from "../db/client";
import { activities, imports } from "../db/schema";
import { LeaseLost } from "../jobs/queue";
import { applyPlan, Batch, ChangedMeanwhile, type ImportRowEntry } from "./apply";
import type { Delimiter } from "./delimiter";
import type { Encoding } from "./encoding";
import { type FieldKey, fieldKeys, matchHeaders } from "./fields";
import { type ImportKind, type ImportPlan, planImport } from "./plan";
import {
  maxRows,
  openTable,
  type ReadTableOptions,
  summarizeTable,
  type TableProblem,
  type TableSummary,
} from "./table";
import { isWorkbook, workbookAsCsv } from "./workbook";

const { fileBytes: _file, ...recordColumns } = getTableColumns(imports);
/** An import as pages and runs see it: everything but the stored file, which is read only when it is read through. */
export type ImportRecord = Omit<typeof imports.$inferSelect, "fileBytes">;
/** The largest file the wizard and the CLI take (a bigger list is split). */
export const maxFileBytes = 50 * 1024 * 1024;
/** Why a file cannot be imported at all. */
export type ImportProblem = TableProblem | "noRows" | "unreadableWorkbook" | "sheetNotFound";
/**
 * What the mapping step saves with the import: the field of each column (null: ignored); and what the preview
 * chose: the fields whose stored values the file's replace (by default none: empty fields are filled, the rest kept).
 */
export type ImportMapping = {
  columns: (FieldKey | null)[];
  overwrite: string[];
  /** The file's organisation names taken as ones in the directory: same-name key → organisation id. */
  sameAs?: Record<string, number>;
};

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

export async function getImport(db: Db | Tx, id: number): Promise<ImportRecord | undefined> {
  const [row] = await db.select(recordColumns).from(imports).where(eq(imports.id, id));
  return row;
}

// The file travels as base64 text, encoded and decoded by PostgreSQL and Node's own code: PGlite's bytea
// parameters and results go through hex in JavaScript, 4.8 s to store 13 MB and 2.2 s to read it back (base64:
// 0.6 s and 0.2 s).
const asBytea = (bytes: Uint8Array) => sql`decode(${Buffer.from(bytes).toString("base64")}, 'base64')`;
const filePieceBytes = 4 * 1024 * 1024;

/**
 * The stored file, fetched a few megabytes at a time: a 50 MB file in one answer would be the largest thing an
 * import ever holds, twice (the text and the bytes).
 */
export async function fileOf(db: Db | Tx, id: number): Promise<Uint8Array> {
  const [size] = rowsOf<{ bytes: number | string | null }>(
    await db.execute(sql`select octet_length(file_bytes) as bytes from imports where id = ${id}`),
  );
  const file = new Uint8Array(Number(size?.bytes ?? 0));
  for (let start = 0; start < file.length; start += filePieceBytes) {
    const [piece] = rowsOf<{ base64: string }>(
      await db.execute(
        sql`select encode(substring(file_bytes from ${start + 1} for ${filePieceBytes}), 'base64') as base64 from imports where id = ${id}`,
      ),
    );
    file.set(Buffer.from(piece?.base64 ?? "", "base64"), start);
  }
  return file;
}

/** How the stored file is read: its encoding and delimiter as the import says (possibly chosen by the user). */
function readingOf(record: Pick<ImportRecord, "encoding" | "delimiter">): ReadTableOptions {
  return {
    encoding: (record.encoding as Encoding | null) ?? undefined,
    delimiter: (record.delimiter as Delimiter | null) ?? undefined,
  };
}

/** What the mapping step shows of the stored file: header, first rows, row count. */
export async function tableOf(db: Db, record: Pick<ImportRecord, "id" | "encoding" | "delimiter">) {
  return summarizeTable(await fileOf(db, record.id), readingOf(record));
}

export function mappingOf(record: ImportRecord): ImportMapping {
  // Imports mapped before the choice was per field (`keepExisting`) replace nothing: the preview offers the choice.
  const stored = record.mapping as Partial<ImportMapping> | null;
  const overwrite = Array.isArray(stored?.overwrite)
    ? stored.overwrite.filter((field): field is string => typeof field === "string")
    : [];
  const sameAs = Object.fromEntries(
    Object.entries(stored?.sameAs ?? {}).filter(([, id]) => Number.isInteger(id) && id > 0),
  );
  return { columns: stored?.columns ?? [], overwrite, sameAs };
}

/** The plan of the stored import: what running it now would do. */
export async function planOf(
  db: Db,
  record: ImportRecord,
  today: string,
  onProgress?: (linesRead: number) => Promise<void>,
): Promise<ImportPlan | { problem: TableProblem }> {
  const read = openTable(await fileOf(db, record.id), readingOf(record));
  if (!read.ok) return { problem: read.problem };
  const mapping = mappingOf(record);
  const activity = record.activityId
    ? (
        await db
          .select({ id: activities.id, startDate: activities.startDate })
          .from(activities)
          .where(eq(activities.id, record.activityId))
      )[0]
    : undefined;
  const plan = await planImport(db, {
    kind: record.kind,
    header: read.table.header,
    batches: read.table.batches(),
    mapping: mapping.columns,
    overwrite: new Set(mapping.overwrite),
    sameAs: new Map(Object.entries(mapping.sameAs ?? {})),
    activity,
    today,
    onProgress,
  });
  const problem = read.table.problem();
  return problem ? { problem } : plan;
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

/** The states of an import still being prepared: its mapping may change, it may be previewed. */
export const preparing: ImportRecord["status"][] = ["uploaded", "mapped", "previewed"];

export type RunResult = { ok: true; plan: ImportPlan } | { ok: false; error: string };

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
    const plan = await planOf(db, record, today, progress);
    if ("problem" in plan) throw new Error(plan.problem);
    // Every line is read and checked; what remains is writing, in one transaction.
    await progress(plan.lineCount);
    if (failAt) await failAt("planned");
    await db.transaction(async (tx) => {
      const entries = new Batch<ImportRowEntry>((rows) => {
        signal?.throwIfAborted();
        return storeEntries(tx, id, rows);
      });
      await applyPlan(tx, plan, actor.userId, entries, record.activityId ?? undefined);
      if (failAt) await failAt("written");
      await tx
        .update(imports)
        .set({
          status: "done",
          counts: plan.counts,
          rowsDone: plan.lineCount,
          finishedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(imports.id, id));
      await recordAudit(tx, {
        ...actor,
        action: "import.run",
        entityType: "import",
        entityId: id,
        after: { kind: record.kind, fileName: record.fileName, counts: plan.counts },
      });
      await beforeCommit?.(tx);
    });
    return { ok: true, plan };
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
