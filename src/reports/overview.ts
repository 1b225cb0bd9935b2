/**
 * Overview: what was held and whom it reached. Activities by kind and focus area; attended participations; unique
 * people; new people (reached for the first time, by activities matching the same filters, in this range) and
 * returning ones; all by month or year.
 */
import { sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import type { Translator } from "../i18n";
import { type Cell, count, type ReportContent } from "./content";
import type { ReportScope } from "./filters";
import { countsEveryActivity, firstAttendancesCurrent } from "./first-attendances";
import { groupedBy } from "./grouping";
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

type Counted = {
  activities: number;
  participations: number;
  people: number;
  newPeople: number;
  label: string | null;
};

/**
 * Three passes, each once over its rows: the activities by kind, focus area and period, and their attended
 * participations and unique people the same way (grouping sets, `grouping.ts`); and each person's first attended day
 * by activities matching the filters at any date, of which those in the range are the new people.
 */
export async function queryOverview(db: Db | Tx, scope: ReportScope, today: string): Promise<Overview> {
  // Breakdown 0: kind, 1: focus area ("none" without one), 2: period; null: the totals.
  const keys = [sql`kind`, sql`coalesce(focus_area_id::text, 'none')`, periodOf(scope, sql`start_date`)];
  const cte = sql`with ${scopeCte(scope, today)}`;
  const activityGroups = await groupedBy(db, {
    with: cte,
    from: sql`scoped a left join focus_areas f on f.id = a.focus_area_id`,
    carry: sql`f.name as focus_name`,
    keys,
    aggregates: sql`count(*) as activities, min(focus_name) as label`,
  });
  const reachedGroups = await groupedBy(db, {
    with: cte,
    from: sql`reached`,
    carry: sql`person_id`,
    keys,
    aggregates: sql`count(*) as participations, count(distinct person_id) as people`,
  });
  const newRows = rowsOf<Record<string, unknown>>(await db.execute(await newPeopleSql(db, scope, today)));

  const breakdowns = Array.from({ length: 4 }, () => new Map<string, Counted>());
  const entry = (by: number | null, key: string | null) => {
    const groups = breakdowns[by ?? 3] as Map<string, Counted>;
    const id = key ?? "";
    const found = groups.get(id) ?? {
      activities: 0,
      participations: 0,
      people: 0,
      newPeople: 0,
      label: null,
    };
    groups.set(id, found);
    return found;
  };
  for (const { by, key, row } of activityGroups) {
    const found = entry(by, key);
    found.activities = count(row.activities);
    found.label = by === 0 ? key : ((row.label as string | null) ?? null);
  }
  for (const { by, key, row } of reachedGroups) {
    Object.assign(entry(by, key), { participations: count(row.participations), people: count(row.people) });
  }
  for (const row of newRows) {
    entry(2, String(row.period)).newPeople = count(row.new_people);
    entry(null, null).newPeople += count(row.new_people);
  }
  const breakdown = (by: number): Breakdown[] =>
    [...(breakdowns[by] as Map<string, Counted>)]
      .filter(([, counted]) => counted.activities > 0)
      .map(([key, { label, activities, participations, people }]) => ({
        key,
        label,
        activities,
        participations,
        people,
      }))
      .sort(
        (a, b) =>
          b.activities - a.activities || String(a.label ?? a.key).localeCompare(String(b.label ?? b.key)),
      );
  const { activities, participations, people, newPeople } = entry(null, null);
  return {
    totals: { activities, participations, people, newPeople },
    byKind: breakdown(0),
    byFocusArea: breakdown(1),
    byPeriod: [...(breakdowns[2] as Map<string, Counted>)]
      .map(([period, counted]) => ({
        period,
        activities: counted.activities,
        participations: counted.participations,
        people: counted.people,
        newPeople: counted.newPeople,
      }))
      .sort((a, b) => a.period.localeCompare(b.period)),
  };
}

/**
 * New people by period: those whose first attended day, by activities matching the filters at any date, falls in the
 * range. Over every activity that day is kept per person (`first-attendances.ts`): an index range, unless a change is
 * still to be worked in; with filters, or until then, it is worked out from the history.
 */
async function newPeopleSql(db: Db | Tx, scope: ReportScope, today: string) {
  const firsts =
    countsEveryActivity(scope) && (await firstAttendancesCurrent(db))
      ? sql`select first_on as first_date from first_attendances where first_on <= ${today}`
      : sql`
        select min(a.start_date) as first_date
        from participations pa join activities a on a.id = pa.activity_id
        where pa.status = 'attended' and ${activityConditions(scope, today, false)}
        group by pa.person_id`;
  return sql`
    with firsts as (${firsts})
    select ${periodOf(scope, sql`first_date`)} as period, count(*) as new_people
    from firsts where first_date between ${scope.from} and ${scope.to} group by 1`;
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
