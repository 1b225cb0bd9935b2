/**
 * An uploaded CSV or text export read into a header and rows, each row with the line it starts on in the file. The
 * rows come a chunk of the file at a time (openTable), so a 100,000-row file is never held as cells all at once;
 * readTable collects them, summarizeTable counts them.
 */
import Papa from "papaparse";
import { type Delimiter, detectDelimiter, detectLineBreak, type LineBreak } from "./delimiter";
import { detectEncoding, type Encoding, isSingleByte, sampleReadings } from "./encoding";
import { isWorkbook } from "./workbook";

export type TableRow = { line: number; cells: string[] };
export type Table = { encoding: Encoding; delimiter: Delimiter; header: string[]; rows: TableRow[] };
export type TableProblem = "empty" | "notText" | "spreadsheet" | "tooManyColumns" | "tooManyRows";
export type ReadTableOptions = { encoding?: Encoding; delimiter?: Delimiter; chunkSize?: number };
export type ReadTableResult = { ok: true; table: Table } | { ok: false; problem: TableProblem };
/** A file being read: its header, then its rows in batches; a limit passed on the way stops it with a problem. */
export type TableStream = {
  encoding: Encoding;
  delimiter: Delimiter;
  header: string[];
  batches: () => Generator<TableRow[]>;
  problem: () => TableProblem | undefined;
};
/**
 * What the mapping step shows of a file: its header, its first rows, how many there are, and for a file in a one-byte
 * code page, its first line with other letters read in each of them (best first), to check the choice by eye.
 */
export type TableSummary = Omit<Table, "rows"> & {
  samples: TableRow[];
  rowCount: number;
  readings: ReturnType<typeof sampleReadings>;
};

export const maxColumns = 200;
/** An import's lines are staged in the database (decision 21), so a long file costs time, not memory. */
export const maxRows = 1_000_000;

const defaultChunkSize = 1024 * 1024;
// Delimiter and line break are guessed from this much text at the start, whatever the chunk size, so the guess
// (and with it the table) does not depend on how the bytes were cut.
const sampleChars = 64 * 1024;

/**
 * Binary data: text never holds NUL, and C0 control characters other than tab, line feed, form feed and carriage
 * return are rare in text. One pasted into a cell should not reject a file, so they count only beyond 1 in 100.
 */
function looksBinary(bytes: Uint8Array, encoding: Encoding): boolean {
  const unitBytes = encoding === "utf-16le" || encoding === "utf-16be" ? 2 : 1;
  const highFirst = encoding === "utf-16be";
  let units = 0;
  let controls = 0;
  for (let index = 0; index + unitBytes <= bytes.length; index += unitBytes) {
    const first = bytes[index] as number;
    const second = unitBytes === 2 ? (bytes[index + 1] as number) : 0;
    const unit = highFirst ? (first << 8) | second : (second << 8) | first;
    units++;
    if (unit >= 0x20) continue;
    if (unit === 0) return true;
    if (unit < 0x09 || unit === 0x0b || unit > 0x0d) controls++;
  }
  return controls * 100 > units;
}

const lineBreaksIn = (cell: string) => cell.match(/\r\n|\r|\n/g)?.length ?? 0;
const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === "");

/** Gathers parsed records into rows (taken a batch at a time), numbering lines and enforcing the limits. */
function tableBuilder() {
  let header: string[] | undefined;
  let rows: TableRow[] = [];
  let rowCount = 0;
  let nextLine = 1;
  let problem: TableProblem | undefined;
  const add = (cells: string[]) => {
    const line = nextLine;
    // A quoted cell's line breaks are lines of the file too, so "line 7" is where an editor shows the record.
    for (const cell of cells) nextLine += lineBreaksIn(cell);
    nextLine++;
    if (problem || isBlank(cells)) return;
    if (!header) {
      header = cells.map((cell) => cell.trim());
      if (header.length > maxColumns) problem = "tooManyColumns";
    } else if (cells.length > maxColumns) {
      // A row may run past the header a little (a stray delimiter), not by thousands of cells.
      problem = "tooManyColumns";
    } else if (rowCount === maxRows) {
      problem = "tooManyRows";
    } else {
      while (cells.length < header.length) cells.push("");
      rows.push({ line, cells });
      rowCount++;
    }
  };
  const take = () => {
    const taken = rows;
    rows = [];
    return taken;
  };
  return { add, problem: () => problem, header: () => header, take };
}

/**
 * Records fed as text arrives. papaparse finishes the records it can and leaves the last one open; the open part is
 * parsed again with the next piece, so a record cut anywhere (mid-cell, between \r and \n) comes out whole.
 */
function recordParser(delimiter: Delimiter, lineBreak: LineBreak, onRecord: (cells: string[]) => void) {
  const parser = new Papa.Parser({ delimiter, newline: lineBreak, quoteChar: '"', escapeChar: '"' });
  let open = "";
  return (text: string, last: boolean) => {
    const input = open + text;
    const result: Papa.ParseResult<string[]> = parser.parse(input, 0, !last);
    open = last ? "" : input.slice(result.meta.cursor);
    for (const cells of result.data) onRecord(cells);
  };
}

/**
 * Opens the bytes as a table: decodes and parses until the header is read, then the rest a chunk at a time as the
 * batches are taken. The result is the same for every chunk size.
 */
export function openTable(
  bytes: Uint8Array,
  options: ReadTableOptions = {},
): { ok: true; table: TableStream } | { ok: false; problem: TableProblem } {
  // A workbook is made into CSV before it gets here (createImport); one that still arrives is not text.
  if (isWorkbook(bytes)) return { ok: false, problem: "spreadsheet" };
  const encoding = options.encoding ?? detectEncoding(bytes);
  if (looksBinary(bytes, encoding)) return { ok: false, problem: "notText" };

  // A NaN or zero chunk size would never advance through the bytes.
  const asked = options.chunkSize ?? defaultChunkSize;
  const chunkSize = Number.isFinite(asked) ? Math.max(1, Math.floor(asked)) : defaultChunkSize;
  const decoder = new TextDecoder(encoding);
  let offset = 0;
  const nextText = () => {
    const chunk = bytes.subarray(offset, offset + chunkSize);
    offset += chunk.length;
    // Streaming even the last chunk, then flushing: see decodeBytes on Node's one-shot windows-1252 shortcut.
    const text = decoder.decode(chunk, { stream: true });
    return offset < bytes.length ? text : text + decoder.decode();
  };

  const head: string[] = [];
  for (let length = 0; length < sampleChars && offset < bytes.length; ) {
    head.push(nextText());
    length += head.at(-1)?.length ?? 0;
  }
  const sample = head.join("").slice(0, sampleChars);
  const delimiter = options.delimiter ?? detectDelimiter(sample);
  const builder = tableBuilder();
  const feed = recordParser(delimiter, detectLineBreak(sample), builder.add);
  const feedNext = () => feed(nextText(), offset >= bytes.length);
  const more = () => offset < bytes.length && !builder.problem();

  // The head goes to the parser in the pieces it was decoded in, like the rest; then on until the header is read.
  for (const [index, text] of head.entries()) feed(text, index === head.length - 1 && offset >= bytes.length);
  while (!builder.header() && more()) feedNext();

  const problem = builder.problem();
  if (problem) return { ok: false, problem };
  const header = builder.header();
  if (!header) return { ok: false, problem: "empty" };
  function* batches() {
    const first = builder.take();
    if (first.length > 0) yield first;
    while (more()) {
      feedNext();
      const rows = builder.take();
      if (rows.length > 0 && !builder.problem()) yield rows;
    }
  }
  return { ok: true, table: { encoding, delimiter, header, batches, problem: builder.problem } };
}

/** The bytes as a whole table (every row in memory: for files being looked at, not imported). */
export function readTable(bytes: Uint8Array, options: ReadTableOptions = {}): ReadTableResult {
  const opened = openTable(bytes, options);
  if (!opened.ok) return opened;
  const { batches, problem, ...table } = opened.table;
  const rows = [...batches()].flat();
  const found = problem();
  if (found) return { ok: false, problem: found };
  return { ok: true, table: { ...table, rows } };
}

/** The header, the first few rows and the number of rows, read through without keeping the rest. */
export function summarizeTable(
  bytes: Uint8Array,
  options: ReadTableOptions & { samples?: number } = {},
): { ok: true; table: TableSummary } | { ok: false; problem: TableProblem } {
  const opened = openTable(bytes, options);
  if (!opened.ok) return opened;
  const { batches, problem, ...table } = opened.table;
  const samples: TableRow[] = [];
  let rowCount = 0;
  for (const rows of batches()) {
    if (samples.length < (options.samples ?? 3))
      samples.push(...rows.slice(0, (options.samples ?? 3) - samples.length));
    rowCount += rows.length;
  }
  const found = problem();
  if (found) return { ok: false, problem: found };
  const readings = isSingleByte(detectEncoding(bytes)) ? sampleReadings(bytes) : [];
  return { ok: true, table: { ...table, samples, rowCount, readings } };
}
