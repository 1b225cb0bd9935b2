/**
 * A report as the page, the CSV download and the print view all show it: headline figures and tables, each cell a
 * number or text, optionally linked to the records behind it. Reports build this from their query results; the
 * views and the CSV export know nothing of any one report.
 */
import type { CsvCell } from "../exports/csv";

export type Cell = string | number | null | { text: string | number; href?: string };
export type Figure = { label: string; value: number | string; href?: string };

export type ReportTable = {
  /** The table's name in `?table=` for its CSV download. */
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Drawn beside the table: bars for categories, columns for periods; the value is column `chartColumn` (1). */
  chart?: "bars" | "columns" | "network";
  chartColumn?: number;
  /** For a network chart: who met whom, and how often (the rows say the same in words). */
  network?: { a: string; b: string; value: number }[];
  note?: string;
};

/** A filter only one report has (the partners report's "not engaged for N months"), shown in its filter bar. */
export type ExtraFilter = { name: string; label: string; value: string; min?: number; max?: number };

export type ReportContent = { figures: Figure[]; tables: ReportTable[]; extraFilters?: ExtraFilter[] };

export const cellText = (cell: Cell): string | number =>
  cell === null ? "" : typeof cell === "object" ? cell.text : cell;

export const cellHref = (cell: Cell): string | undefined =>
  cell !== null && typeof cell === "object" ? cell.href : undefined;

export const csvRows = (table: ReportTable): CsvCell[][] => table.rows.map((row) => row.map(cellText));

/** Numbers from the database: postgres.js gives counts (bigint) as strings, PGlite as numbers. */
export const count = (value: unknown): number => Number(value ?? 0);
