/**
 * Overview: what was held and whom it reached. Activities by kind and focus area; attended participations; unique
 * people; new people (reached for the first time, by activities matching the same filters, in this range) and
 * returning ones; all by month or year.
 */
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "../db/client";
import type { Translator } from "../i18n";
import { type Cell, count, type ReportContent } from "./content";
import type { ReportScope } from "./filters";
import { recordsLink } from "./records-link";
import { activityConditions, periodOf, scopeCte } from "./scope";

type Totals = { activities: number; participations: number; people: number; newPeople: number };
type Breakdown = {
  key: string;
  label: string | null;
  activities: number;
  participations: number;
  people: number;
};
type Period = {
  period: string;
  activities: number;
  participations: number;
  people: number;
  newPeople: number;
};
export type Overview = { totals: Totals; byKind: Breakdown[]; byFocusArea: Breakdown[]; byPeriod: Period[] };

export async function queryOverview(db: Db, scope: ReportScope, today: string): Promise<Overview> {
  // Each person reached, with the first day anything matching the filters (at any date) reached them.
  const firsts = sql`
    firsts as (
      select pa.person_id, min(a.start_date) as first_date
      from participations pa join activities a on a.id = pa.activity_id
      where pa.status = 'attended' and ${activityConditions(scope, today, false)}
        and pa.person_id in (select person_id from reached)
      group by pa.person_id
    )`;
  const cte = sql`with ${scopeCte(scope, today)}, ${firsts}`;
  const [totals] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${cte}
      select (select count(*) from scoped) as activities,
             (select count(*) from reached) as participations,
             (select count(distinct person_id) from reached) as people,
             (select count(*) from firsts where first_date >= ${scope.from}) as new_people`),
  );
  const breakdown = async (key: ReturnType<typeof sql>, label: ReturnType<typeof sql>, join = sql``) =>
    rowsOf<Record<string, unknown>>(
      await db.execute(sql`${cte}
        select k.key, k.label, k.activities, coalesce(r.participations, 0) as participations,
               coalesce(r.people, 0) as people
        from (select ${key} as key, ${label} as label, count(*) as activities from scoped a ${join} group by 1, 2) k
        left join (
          select ${key} as key, count(*) as participations, count(distinct r.person_id) as people
          from reached r join scoped a on a.id = r.activity_id ${join} group by 1
        ) r on r.key is not distinct from k.key
        order by k.activities desc, k.label`),
    ).map(
      (row): Breakdown => ({
        key: String(row.key ?? ""),
        label: (row.label as string | null) ?? null,
        activities: count(row.activities),
        participations: count(row.participations),
        people: count(row.people),
      }),
    );
  const byKind = await breakdown(sql`a.kind`, sql`a.kind`);
  const byFocusArea = await breakdown(
    sql`a.focus_area_id::text`,
    sql`f.name`,
    sql`left join focus_areas f on f.id = a.focus_area_id`,
  );
  const period = periodOf(scope, sql`start_date`);
  const byPeriod = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${cte}
      select p.period,
             coalesce(a.activities, 0) as activities, coalesce(r.participations, 0) as participations,
             coalesce(r.people, 0) as people, coalesce(n.new_people, 0) as new_people
      from (
        select ${period} as period from scoped
        union select ${periodOf(scope, sql`first_date`)} from firsts where first_date >= ${scope.from}
      ) p
      left join (select ${period} as period, count(*) as activities from scoped group by 1) a using (period)
      left join (
        select ${period} as period, count(*) as participations, count(distinct person_id) as people
        from reached group by 1
      ) r using (period)
      left join (
        select ${periodOf(scope, sql`first_date`)} as period, count(*) as new_people
        from firsts where first_date >= ${scope.from} group by 1
      ) n using (period)
      order by p.period`),
  ).map(
    (row): Period => ({
      period: String(row.period),
      activities: count(row.activities),
      participations: count(row.participations),
      people: count(row.people),
      newPeople: count(row.new_people),
    }),
  );
  return {
    totals: {
      activities: count(totals?.activities),
      participations: count(totals?.participations),
      people: count(totals?.people),
      newPeople: count(totals?.new_people),
    },
    byKind,
    byFocusArea,
    byPeriod,
  };
}

export function overviewContent(data: Overview, scope: ReportScope, i18n: Translator): ReportContent {
  const { t } = i18n;
  const link = (of: "activities" | "people", value: number, facets: Record<string, string> = {}): Cell => ({
    text: value,
    href: recordsLink(scope, of, facets),
  });
  const breakdownRows = (rows: Breakdown[], facet: string, label: (row: Breakdown) => string) =>
    rows.map((row) => [
      label(row),
      link("activities", row.activities, { [facet]: row.key }),
      row.participations,
      link("people", row.people, { [facet]: row.key }),
    ]);
  const breakdownColumns = [t("reports.activities"), t("reports.participations"), t("reports.uniquePeople")];
  const { totals } = data;
  return {
    figures: [
      {
        label: t("reports.activitiesHeld"),
        value: totals.activities,
        href: recordsLink(scope, "activities"),
      },
      { label: t("reports.participations"), value: totals.participations },
      { label: t("reports.uniquePeople"), value: totals.people, href: recordsLink(scope, "people") },
      {
        label: t("reports.newPeople"),
        value: totals.newPeople,
        href: recordsLink(scope, "people", { first: "new" }),
      },
      {
        label: t("reports.returningPeople"),
        value: totals.people - totals.newPeople,
        href: recordsLink(scope, "people", { first: "returning" }),
      },
    ],
    tables: [
      {
        id: "by-kind",
        title: t("reports.byKind"),
        columns: [t("field.kind"), ...breakdownColumns],
        rows: breakdownRows(data.byKind, "activityKind", (row) => t(`activityKind.${row.key}` as never)),
        chart: "bars",
      },
      {
        id: "by-focus-area",
        title: t("reports.byFocusArea"),
        columns: [t("field.focusArea"), ...breakdownColumns],
        rows: breakdownRows(data.byFocusArea, "focusArea", (row) => row.label ?? t("reports.none")),
        chart: "bars",
      },
      {
        id: "by-period",
        title: scope.by === "year" ? t("reports.byYear") : t("reports.byMonth"),
        columns: [
          scope.by === "year" ? t("reports.year") : t("reports.month"),
          t("reports.activities"),
          t("reports.participations"),
          t("reports.uniquePeople"),
          t("reports.newPeople"),
        ],
        rows: data.byPeriod.map((row) => [
          row.period,
          link("activities", row.activities, { period: row.period }),
          row.participations,
          link("people", row.people, { period: row.period }),
          row.newPeople,
        ]),
        chart: "columns",
        chartColumn: 3,
      },
    ],
  };
}
