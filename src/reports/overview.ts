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

type Counted = { activities: number; participations: number; people: number; newPeople: number };

/**
 * Three passes, each once over its rows: the activities by kind, focus area and period (grouping sets); their
 * attended participations and unique people the same way; and each person's first attended day by activities
 * matching the filters at any date, of which those in the range are the new people.
 */
export async function queryOverview(db: Db | Tx, scope: ReportScope, today: string): Promise<Overview> {
  const period = periodOf(scope, sql`start_date`);
  const sets = sql`grouping sets ((), (kind), (focus_area_id), (${period}))`;
  const which = sql`grouping(kind) as by_kind, grouping(focus_area_id) as by_focus, grouping(${period}) as by_period,
    kind, focus_area_id, ${period} as period`;
  const activityRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${scopeCte(scope, today)}
      select ${which}, count(*) as activities, (select f.name from focus_areas f where f.id = focus_area_id) as label
      from scoped group by ${sets}`),
  );
  const reachedRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${scopeCte(scope, today)}
      select ${which}, count(*) as participations, count(distinct person_id) as people
      from reached group by ${sets}`),
  );
  const newRows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with firsts as (
        select pa.person_id, min(a.start_date) as first_date
        from participations pa join activities a on a.id = pa.activity_id
        where pa.status = 'attended' and ${activityConditions(scope, today, false)}
        group by pa.person_id
      )
      select ${periodOf(scope, sql`first_date`)} as period, count(*) as new_people
      from firsts where first_date between ${scope.from} and ${scope.to} group by 1`),
  );
  // Rows of a grouping set: 0 in its own grouping column, 1 in the others.
  type Set = "kind" | "focus" | "period" | "total";
  const setOf = (row: Record<string, unknown>): Set => {
    const [kind, focus, byPeriod] = [row.by_kind, row.by_focus, row.by_period].map(Number);
    if (kind === 0) return "kind";
    if (focus === 0) return "focus";
    if (byPeriod === 0) return "period";
    return "total";
  };
  const keyOf = (set: Set, row: Record<string, unknown>) =>
    set === "kind"
      ? String(row.kind)
      : set === "focus"
        ? String(row.focus_area_id ?? "none")
        : String(row.period ?? "");
  const counted = new Map<string, Counted & { label: string | null }>();
  const entry = (set: Set, key: string) => {
    const id = `${set}:${key}`;
    let found = counted.get(id);
    if (!found) {
      found = { activities: 0, participations: 0, people: 0, newPeople: 0, label: null };
      counted.set(id, found);
    }
    return found;
  };
  for (const row of activityRows) {
    const set = setOf(row);
    const found = entry(set, keyOf(set, row));
    found.activities = count(row.activities);
    found.label = set === "kind" ? String(row.kind) : ((row.label as string | null) ?? null);
  }
  for (const row of reachedRows) {
    const set = setOf(row);
    const found = entry(set, keyOf(set, row));
    found.participations = count(row.participations);
    found.people = count(row.people);
  }
  for (const row of newRows) {
    entry("period", String(row.period)).newPeople = count(row.new_people);
    entry("total", "").newPeople += count(row.new_people);
  }
  const inSet = (set: Set) =>
    [...counted]
      .filter(([id]) => id.startsWith(`${set}:`))
      .map(([id, value]) => ({ key: id.slice(set.length + 1), ...value }));
  const breakdown = (set: Set): Breakdown[] =>
    inSet(set)
      .filter((row) => row.activities > 0)
      .map(({ key, label, activities, participations, people }) => ({
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
  const total = counted.get("total:") ?? { activities: 0, participations: 0, people: 0, newPeople: 0 };
  return {
    totals: {
      activities: total.activities,
      participations: total.participations,
      people: total.people,
      newPeople: total.newPeople,
    },
    byKind: breakdown("kind"),
    byFocusArea: breakdown("focus"),
    byPeriod: inSet("period")
      .map(({ key, activities, participations, people, newPeople }) => ({
        period: key,
        activities,
        participations,
        people,
        newPeople,
      }))
      .sort((a, b) => a.period.localeCompare(b.period)),
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
