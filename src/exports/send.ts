/** Sends a list as a CSV download: managers and above only, and every export is audit-logged. */
import type { Context } from "hono";
import { recordAudit } from "../audit/queries";
import { signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { type CsvCell, csvResponse, toCsv } from "./csv";

export function wantsCsv(c: Context<AppEnv>): boolean {
  return c.req.query("format") === "csv";
}

type CsvExport = { entityType: string; fileName: string; headers: string[]; rows: CsvCell[][] };

export async function sendCsvExport(c: Context<AppEnv>, load: () => Promise<CsvExport>): Promise<Response> {
  const { user } = signedIn(c);
  if (!can(user.role, "exports:download")) return renderErrorPage(c, 403);
  const csv = await load();
  await recordAudit(c.get("db"), {
    userId: user.id,
    requestId: c.get("requestId"),
    action: "export.csv",
    entityType: csv.entityType,
    after: { query: new URL(c.req.url).search, rows: csv.rows.length },
  });
  return csvResponse(toCsv(csv.headers, csv.rows), csv.fileName);
}
