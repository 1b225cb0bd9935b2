/**
 * Sends a list as a download, CSV or Excel: managers and above only, and every export is audit-logged. A CSV's
 * separator is the one asked for, else the one Excel expects in the user's language (";" in Russian and Azerbaijani).
 */
import type { Context } from "hono";
import { recordAudit } from "../audit/queries";
import { signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import type { Locale } from "../i18n";
import { recordAccess } from "../protection/access-log";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { type CsvCell, type CsvDelimiter, downloadResponse, toCsv } from "./csv";
import { toXlsx } from "./xlsx";

export type ExportFormat = "csv" | "xlsx";

/** The format a list's URL asks for (`format=csv|xlsx`), or null for the page itself. */
export function exportFormat(c: Context<AppEnv>): ExportFormat | null {
  const format = c.req.query("format");
  return format === "csv" || format === "xlsx" ? format : null;
}

/** The separator Excel uses for CSV in a language: a comma where the decimal mark is a point, else a semicolon. */
export function defaultDelimiter(locale: Locale): CsvDelimiter {
  return locale === "en" ? "," : ";";
}

function delimiterOf(c: Context<AppEnv>): CsvDelimiter {
  const asked = c.req.query("delimiter");
  if (asked === "comma") return ",";
  if (asked === "semicolon") return ";";
  return defaultDelimiter(c.get("i18n").locale);
}

export type ListExport = {
  entityType: string;
  fileName: string;
  headers: string[];
  rows: CsvCell[][];
  /** The people the file holds, for the access log (none for lists of organisations, activities or totals). */
  personIds?: readonly number[];
};

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function sendExport(
  c: Context<AppEnv>,
  format: ExportFormat,
  load: () => Promise<ListExport>,
): Promise<Response> {
  const { user } = signedIn(c);
  if (!can(user.role, "exports:download")) return renderErrorPage(c, 403);
  return sendList(c, format, await load());
}

/**
 * Sends a list the caller has already checked the user may have (a partner's own lists); audit-logged, and in the
 * access log with the people it holds (one row, the ids in one array).
 */
export async function sendList(
  c: Context<AppEnv>,
  format: ExportFormat,
  list: ListExport,
): Promise<Response> {
  const { user } = signedIn(c);
  const query = new URL(c.req.url).search;
  await c.get("db").transaction(async (tx) => {
    await recordAudit(tx, {
      userId: user.id,
      requestId: c.get("requestId"),
      action: `export.${format}`,
      entityType: list.entityType,
      after: { query, rows: list.rows.length },
    });
    await recordAccess(tx, {
      userId: user.id,
      requestId: c.get("requestId"),
      kind: "export",
      what: `${list.entityType}.${format}`,
      personIds: list.personIds ?? [],
      detail: { query, format, rows: list.rows.length },
    });
  });
  if (format === "csv") {
    const body = toCsv(list.headers, list.rows, delimiterOf(c));
    return downloadResponse(body, list.fileName, "text/csv; charset=utf-8");
  }
  const name = list.fileName.replace(/\.csv$/, "");
  return downloadResponse(toXlsx(name, list.headers, list.rows), `${name}.xlsx`, xlsxType);
}
