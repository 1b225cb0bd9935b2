/** Writes list exports as an Excel workbook: one sheet, a header row, text as text (a phone keeps its "+"). */
import { utils, write } from "@e965/xlsx";
import type { CsvCell } from "./csv";

/** A cell of the sheet: a number stays a number, a list is joined as in the CSV, anything else is text. */
function sheetCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return Array.isArray(value) ? value.join("; ") : value;
}

/**
 * The workbook's bytes. Text cells are stored as text, never as formulas, so nothing needs neutralising as in CSV.
 * The sheet is named after the export (Excel allows 31 characters and no []:*?/\).
 */
export function toXlsx(sheetName: string, headers: string[], rows: CsvCell[][]): Uint8Array<ArrayBuffer> {
  const sheet = utils.aoa_to_sheet([headers, ...rows.map((row) => row.map(sheetCell))]);
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, sheetName.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet1");
  return new Uint8Array(write(book, { type: "array", bookType: "xlsx", compression: true }));
}
