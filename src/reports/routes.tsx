/**
 * /reports/…: the participation reports (managers and above). Every report takes the same filters in the URL,
 * `format=csv&table=…` downloads one of its tables, and each figure links to the records behind it.
 */
import { type Context, Hono } from "hono";
import { need } from "../auth/middleware";
import type { Tx } from "../db/client";
import { sharedRead } from "../db/shared-reads";
import { exportFormat, sendExport } from "../exports/send";
import type { Translator } from "../i18n";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { render } from "../web/render";
import { communitiesContent, queryCommunities } from "./communities";
import { csvRows, type ReportContent } from "./content";
import { depthContent, queryDepth } from "./depth";
import { needsProgrammeDates, type ReportScope, reportFiltersSchema, resolveScope } from "./filters";
import { officialsContent, queryOfficials } from "./officials";
import { overviewContent, queryOverview } from "./overview";
import { monthsSchema, partnersContent, queryPartners } from "./partners";
import { programmeDates, reportChoices } from "./queries";
import { queryReach, reachContent } from "./reach";
import { reading } from "./reading";
import { queryRecords, recordFacetsSchema } from "./records";
import { RecordsPage } from "./records-page";
import { type ReportName, ReportPage, reportNames } from "./views";

export const reportRoutes = new Hono<AppEnv>();
const view = need("reports:view");

type Report = (
  db: Tx,
  scope: ReportScope,
  today: string,
  i18n: Translator,
  query: Record<string, string>,
) => Promise<ReportContent>;

const reports: Record<ReportName, Report> = {
  overview: async (db, scope, today, i18n) =>
    overviewContent(await queryOverview(db, scope, today), scope, i18n),
  reach: async (db, scope, today, i18n) => reachContent(await queryReach(db, scope, today), scope, i18n),
  depth: async (db, scope, today, i18n) => depthContent(await queryDepth(db, scope, today), scope, i18n),
  officials: async (db, scope, today, i18n) =>
    officialsContent(await queryOfficials(db, scope, today), scope, i18n),
  communities: async (db, scope, today, i18n) =>
    communitiesContent(await queryCommunities(db, scope, today), scope, i18n),
  partners: async (db, scope, today, i18n, query) =>
    partnersContent(await queryPartners(db, scope, today, monthsSchema.parse(query.months)), scope, i18n),
};

/** The scope of the request: its filters, with the range made concrete from today (and the programme's dates). */
async function scopeOf(c: Context<AppEnv>): Promise<ReportScope> {
  const filters = reportFiltersSchema.parse(c.req.query());
  // Two queries on every report otherwise, for the few ranges that start where the programme starts.
  const dates = needsProgrammeDates(filters)
    ? await programmeDates(c.get("readDb"), filters.programme)
    : undefined;
  return resolveScope(filters, c.get("i18n").today(), dates);
}

reportRoutes.get("/reports", view, (c) => c.redirect("/reports/overview", 302));

reportRoutes.get("/reports/records", view, async (c) => {
  const scope = await scopeOf(c);
  const facets = recordFacetsSchema.parse(c.req.query());
  const { i18n } = c.var;
  const today = i18n.today();
  const format = exportFormat(c);
  if (format) {
    return sendExport(c, format, async () => {
      const found = await reading(c.get("readDb"), (tx) => queryRecords(tx, scope, today, facets, null));
      return facets.of === "people"
        ? {
            entityType: "person",
            fileName: `people-${scope.from}-${scope.to}.csv`,
            personIds: found.people.map((person) => person.id),
            headers: [
              i18n.t("field.fullName"),
              i18n.t("field.country"),
              i18n.t("reports.activitiesAttended"),
            ],
            rows: found.people.map((person) => [person.fullName, person.country, person.activities]),
          }
        : {
            entityType: "activity",
            fileName: `activities-${scope.from}-${scope.to}.csv`,
            headers: [
              i18n.t("field.title"),
              i18n.t("field.kind"),
              i18n.t("field.startDate"),
              i18n.t("reports.uniquePeople"),
            ],
            rows: found.activities.map((activity) => [
              activity.title,
              i18n.t(`activityKind.${activity.kind}` as never),
              activity.startDate,
              activity.people,
            ]),
          };
    });
  }
  const [found, choices] = await Promise.all([
    reading(c.get("readDb"), (tx) => queryRecords(tx, scope, today, facets)),
    reportChoices(c.get("readDb"), scope.partner),
  ]);
  const query = new URL(c.req.url).search.slice(1);
  return render(
    c,
    {
      title: i18n.t(facets.of === "people" ? "reports.peopleBehind" : "reports.activitiesBehind", {
        count: found.total,
      }),
    },
    <RecordsPage i18n={i18n} scope={scope} choices={choices} facets={facets} query={query} {...found} />,
  );
});

reportRoutes.get("/reports/:name", view, async (c) => {
  const name = reportNames.find((known) => known === c.req.param("name"));
  if (!name) return renderErrorPage(c, 404);
  const report = reports[name];
  const scope = await scopeOf(c);
  const { i18n } = c.var;
  // Managers opening the same report at once share one reading of it (`shared-reads.ts`), begun after each asked.
  const query = c.req.query();
  const today = i18n.today();
  const key = JSON.stringify(["report", name, i18n.locale, today, scope, query]);
  const content = await sharedRead(c.get("readDb"), key, () =>
    reading(c.get("readDb"), (tx) => report(tx, scope, today, i18n, query)),
  );
  const format = exportFormat(c);
  if (format) {
    const table = content.tables.find((candidate) => candidate.id === c.req.query("table"));
    if (!table) return renderErrorPage(c, 404);
    return sendExport(c, format, async () => ({
      entityType: "report",
      fileName: `${name}-${table.id}-${scope.from}-${scope.to}.csv`,
      headers: table.columns,
      rows: csvRows(table),
    }));
  }
  const choices = await sharedRead(c.get("readDb"), `report choices ${scope.partner ?? ""}`, () =>
    reportChoices(c.get("readDb"), scope.partner),
  );
  return render(
    c,
    { title: `${i18n.t("reports.title")}: ${i18n.t(`reports.${name}` as const)}` },
    <ReportPage i18n={i18n} name={name} scope={scope} choices={choices} content={content} />,
  );
});
