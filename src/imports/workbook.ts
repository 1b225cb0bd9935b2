/**
 * Workbooks (.xlsx, .ods, and Excel's older .xls) read as a table: one sheet's cells as the user sees them in the
 * spreadsheet (dates, numbers and phone numbers in their cell's format, so "0501234567" keeps its zero), written out
 * as UTF-8 CSV for the rest of the importer to read like any other file. Decision 19.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { type CellObject, type ParsingOptions, SSF, utils, type WorkBook, type WorkSheet } from "@e965/xlsx";
import Papa from "papaparse";

const zipSignature = [0x50, 0x4b, 0x03, 0x04];
const oldExcelSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * SheetJS parses in a worker thread, given at most this long: it never returns on some damaged files (a zip cut
 * short after 12 bytes kept it busy for good), and in the server's own thread that would stop every request.
 */
export const workbookReadLimitMs = 30_000;

// The worker loads SheetJS from node_modules itself (the server's bundle holds its own copy for the main thread).
const sheetJsPath = createRequire(import.meta.url).resolve("@e965/xlsx");
const readerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { read } = require(workerData.sheetJsPath);
let workbook = null;
try { workbook = read(workerData.bytes, workerData.options); } catch {}
parentPort.postMessage(workbook);
`;

/** The workbook SheetJS reads from the bytes, or null when it cannot (or does not finish within the limit). */
function readWorkbook(bytes: Uint8Array, options: ParsingOptions, limitMs: number): Promise<WorkBook | null> {
  return new Promise((resolve) => {
    const worker = new Worker(readerSource, { eval: true, workerData: { bytes, options, sheetJsPath } });
    const finish = (workbook: WorkBook | null) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(workbook);
    };
    const timer = setTimeout(() => finish(null), limitMs);
    worker.once("message", (workbook: WorkBook | null) => finish(workbook));
    worker.once("error", () => finish(null));
  });
}

/**
 * A zip ends with its directory: one cut short (a download or an attachment interrupted) has none, and is refused at
 * once instead of being handed to the parser.
 */
function zipIsWhole(bytes: Uint8Array): boolean {
  const endOfDirectory = [0x50, 0x4b, 0x05, 0x06];
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (endOfDirectory.every((byte, index) => bytes[at + index] === byte)) return true;
  }
  return false;
}

/** A zip (.xlsx, .ods) or an old Excel file (.xls), by its first bytes. */
export function isWorkbook(bytes: Uint8Array): boolean {
  const startsWith = (signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  return startsWith(zipSignature) || startsWith(oldExcelSignature);
}

export type WorkbookTable =
  | { ok: true; sheets: string[]; sheet: string; csv: Uint8Array }
  | { ok: false; problem: "unreadableWorkbook" | "sheetNotFound" | "tooManyRows" };

/** A date format's dots are literal ("DD.MM.YYYY", the Russian and Azerbaijani default), which SheetJS cannot read. */
const withLiteralDots = (format: string) => format.replace(/(?<!\\)\./g, "\\.");

/**
 * A number as its cell shows it: through its format, a locale prefix ("[$-419]") aside and dots in dates taken
 * literally; a whole number in the General format as all its digits (Excel would show a 12-digit phone number as
 * 9.94501E+11, but its digits are the value).
 */
function numberText(cell: CellObject & { v: number }): string {
  const format = typeof cell.z === "string" ? cell.z.replace(/\[\$-[0-9A-Fa-f]+\]/g, "") : cell.z;
  if (format === undefined || format === "General") {
    return Number.isInteger(cell.v) ? String(cell.v) : (cell.w ?? String(cell.v));
  }
  const attempts = typeof format === "string" ? [format, withLiteralDots(format)] : [format];
  for (const attempt of attempts) {
    try {
      return SSF.format(attempt, cell.v);
    } catch {
      // the next way of reading the format
    }
  }
  return String(cell.v);
}

/**
 * A cell as the user sees it: text as typed, numbers and dates in their format, an error (#N/A) as nothing. An
 * OpenDocument file stores each cell's text as shown beside its value, and that text is taken as it is (SheetJS does
 * not read OpenDocument's number formats); Excel's files store only the value and its format.
 */
function cellText(cell: CellObject | undefined, shownTextStored: boolean): string {
  if (!cell || cell.t === "z" || cell.t === "e") return "";
  if (cell.t === "n" && typeof cell.v === "number" && !(shownTextStored && cell.w !== undefined)) {
    return numberText(cell as CellObject & { v: number });
  }
  return cell.w ?? (cell.v === undefined || cell.v === null ? "" : String(cell.v));
}

/** The sheet's rows of text, blank rows left out, each as wide as the sheet's used range. */
function sheetRows(sheet: WorkSheet, shownTextStored: boolean): string[][] {
  const reference = sheet["!ref"];
  if (!reference) return [];
  const range = utils.decode_range(reference);
  const dense = (sheet as WorkSheet & { "!data"?: (CellObject | undefined)[][] })["!data"] ?? [];
  const rows: string[][] = [];
  for (let row = range.s.r; row <= range.e.r; row++) {
    const cells: string[] = [];
    for (let column = range.s.c; column <= range.e.c; column++)
      cells.push(cellText(dense[row]?.[column], shownTextStored));
    if (cells.some((cell) => cell.trim() !== "")) rows.push(cells);
  }
  return rows;
}

/** Whether SheetJS stopped reading the sheet at `sheetRows` before its last row. */
function wasCut(sheet: WorkSheet | undefined): boolean {
  const full = sheet?.["!fullref"];
  const read = sheet?.["!ref"];
  return Boolean(full && read && utils.decode_range(full).e.r > utils.decode_range(read).e.r);
}

/** The sheet asked for by its name (as on its tab, any case) or its number; else the first one holding something. */
function chosenSheet(
  workbook: WorkBook,
  asked: string | undefined,
): { name: string; rows: string[][] } | undefined {
  const names = workbook.SheetNames;
  const wanted = asked?.trim();
  const rowsOf = (name: string | undefined) => {
    const sheet = name === undefined ? undefined : workbook.Sheets[name];
    return sheet && name !== undefined
      ? { name, rows: sheetRows(sheet, workbook.bookType === "ods") }
      : undefined;
  };
  if (wanted) {
    const byName = names.find((name) => name.trim().toLowerCase() === wanted.toLowerCase());
    const number = /^\d{1,3}$/.test(wanted) ? Number(wanted) : 0;
    return rowsOf(byName ?? (number >= 1 ? names[number - 1] : undefined));
  }
  for (const name of names) {
    const found = rowsOf(name);
    if (found && found.rows.length > 0) return found;
  }
  return rowsOf(names[0]);
}

/**
 * The sheet's rows as CSV, each cell's text as displayed (its number format applied), blank rows left out. Reading
 * stops after `maxRows` rows, so a workbook of a million rows is not parsed whole before the limit refuses it.
 */
export async function workbookAsCsv(
  bytes: Uint8Array,
  options: { sheet?: string; maxRows: number; limitMs?: number },
): Promise<WorkbookTable> {
  const isZip = zipSignature.every((byte, index) => bytes[index] === byte);
  if (isZip && !zipIsWhole(bytes)) return { ok: false, problem: "unreadableWorkbook" };
  const workbook = await readWorkbook(
    bytes,
    {
      type: "array",
      sheetRows: options.maxRows,
      dense: true,
      cellNF: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
    },
    options.limitMs ?? workbookReadLimitMs,
  );
  if (!workbook) return { ok: false, problem: "unreadableWorkbook" };
  const sheet = chosenSheet(workbook, options.sheet);
  if (!sheet) return { ok: false, problem: options.sheet?.trim() ? "sheetNotFound" : "unreadableWorkbook" };
  // Reading stopped at maxRows rows (blank ones included, which are then left out): a sheet that goes on is refused
  // by the row limit, never cut short in silence.
  if (wasCut(workbook.Sheets[sheet.name])) return { ok: false, problem: "tooManyRows" };
  const text = Papa.unparse(sheet.rows, { newline: "\r\n" });
  return { ok: true, sheets: workbook.SheetNames, sheet: sheet.name, csv: new TextEncoder().encode(text) };
}
