/**
 * GET /exports/pseudonymised.csv (or `?format=xlsx`): the pseudonymised participations of a report's scope, for
 * donors (managers and above). The report filters in the URL choose the scope; the download is audit-logged and in
 * the access log with every person it holds (sendList).
 */
import { Hono } from "hono";
import { need } from "../auth/middleware";
import { sendExport } from "../exports/send";
import { needsProgrammeDates, reportFiltersSchema, resolveScope } from "../reports/filters";
import { programmeDates } from "../reports/queries";
import { reading } from "../reports/reading";
import type { AppEnv } from "../web/env";
import { pseudonymisedList, queryPseudonymised } from "./pseudonymised";

export const pseudonymisedRoutes = new Hono<AppEnv>();

pseudonymisedRoutes.get("/exports/pseudonymised.csv", need("exports:download"), async (c) => {
  const { i18n } = c.var;
  const today = i18n.today();
  const filters = reportFiltersSchema.parse(c.req.query());
  const dates = needsProgrammeDates(filters)
    ? await programmeDates(c.get("readDb"), filters.programme)
    : undefined;
  const scope = resolveScope(filters, today, dates);
  const format = c.req.query("format") === "xlsx" ? "xlsx" : "csv";
  return sendExport(c, format, async () => {
    const rows = await reading(c.get("readDb"), (tx) => queryPseudonymised(tx, scope, today));
    return pseudonymisedList(rows, scope, i18n);
  });
});
