/** Writes list exports as CSV that opens cleanly in Excel: UTF-8 with BOM, CRLF, and no cell Excel would run as a formula. */
import anyAscii from "any-ascii";
import Papa from "papaparse";

export type CsvCell = string | number | null | undefined | string[];
/** Excel reads a CSV's columns by the list separator of the computer's language: ";" in Russian and Azerbaijani. */
export type CsvDelimiter = "," | ";";

// Excel skips leading whitespace and control characters before deciding a cell is a formula, so we look past them too;
// format characters (zero-width space, direction marks) are invisible and are skipped the same way.
const leadingFiller = /^[\s\p{Cc}\p{Cf}]*/u;
const formulaStart = /^[=+\-@]/;

/** True if Excel (or LibreOffice, Sheets) could read this text as a formula or a DDE call. */
export function isFormulaLike(value: string): boolean {
  const filler = leadingFiller.exec(value)?.[0] ?? "";
  return /[\t\r]/.test(filler) || formulaStart.test(value.slice(filler.length));
}

/** A cell as exported, read back: the apostrophe that neutralised a formula-like text is not part of it. */
export function withoutNeutraliser(cell: string): string {
  return cell.startsWith("'") && isFormulaLike(cell.slice(1)) ? cell.slice(1) : cell;
}

/**
 * One cell as text. A real number stays as it is (a negative amount is data, not a formula), but text is neutralised
 * with a leading apostrophe even when it looks numeric: a phone "+994501234567" would otherwise be read as a formula
 * (and lose its "+"); with the apostrophe Excel keeps it as text.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = Array.isArray(value) ? value.join("; ") : value;
  return isFormulaLike(text) ? `'${text}` : text;
}

/**
 * The whole file. Papa's own `escapeFormulae` is not used: it only looks at the first character, so " =1" or
 * "\u0000=1" would get through.
 */
export function toCsv(headers: string[], rows: CsvCell[][], delimiter: CsvDelimiter = ","): string {
  // Plain arrays, not { fields, data }: given no rows, Papa would turn `data: []` into one empty row.
  const body = Papa.unparse(
    [headers, ...rows].map((row) => row.map(csvCell)),
    { newline: "\r\n", delimiter },
  );
  // The BOM is what makes Excel read the file as UTF-8 instead of the system code page.
  return `\uFEFF${body}`;
}

// RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * unescaped, which the header grammar does not allow.
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A download: `filename*` carries the real (Azerbaijani, Cyrillic) name; `filename` is an ASCII fallback for old clients. */
export function csvResponse(body: string, fileName: string): Response {
  return downloadResponse(body, fileName, "text/csv; charset=utf-8");
}

export function downloadResponse(
  body: string | Uint8Array<ArrayBuffer>,
  fileName: string,
  contentType: string,
): Response {
  const fallback = anyAscii(fileName).replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
