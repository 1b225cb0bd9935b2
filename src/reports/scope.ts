/**
 * The SQL every report starts from: the activities it counts and the participations that count as reaching someone.
 * An activity counts when it was held: not cancelled, begun by today, in the range, matching the filters. Someone is
 * reached by an activity when their participation is "attended" (registered, invited, no-shows and cancellations are
 * not reach). A person merged into another has no participations left (the merge moves them), so nobody counts twice.
 * Also the person's fields as several reports break them down: age group, and stakeholder type at the time.
 */
import { type SQL, sql } from "drizzle-orm";
import type { ReportScope } from "./filters";

/** The conditions on activities `a` for the scope; without `dates`, the same filters at any date up to today. */
export function activityConditions(scope: ReportScope, today: string, dates = true): SQL {
  const conditions: SQL[] = [sql`a.status <> 'cancelled'`, sql`a.start_date <= ${today}`];
  if (dates) conditions.push(sql`a.start_date between ${scope.from} and ${scope.to}`);
  if (scope.programme) conditions.push(sql`a.programme_id = ${scope.programme}`);
  if (scope.focusArea) conditions.push(sql`a.focus_area_id = ${scope.focusArea}`);
  if (scope.kind) conditions.push(sql`a.kind = ${scope.kind}`);
  if (scope.country) conditions.push(sql`a.country = ${scope.country}`);
  if (scope.partner) {
    conditions.push(
      sql`exists (select 1 from activity_partners ap where ap.activity_id = a.id and ap.organization_id = ${scope.partner})`,
    );
  }
  return sql.join(conditions, sql` and `);
}

/** `scoped`: the activities counted; `reached`: their attended participations (one row per person and activity). */
export function scopeCte(scope: ReportScope, today: string): SQL {
  return sql`
    scoped as (select a.* from activities a where ${activityConditions(scope, today)}),
    reached as (
      select pa.*, s.start_date, s.kind, s.focus_area_id
      from participations pa join scoped s on s.id = pa.activity_id
      where pa.status = 'attended'
    )`;
}

/** The bucket of a date in the scope's grouping: "2026-03" by month, "2026" by year. */
export function periodOf(scope: ReportScope, column: SQL): SQL {
  return scope.by === "year" ? sql`to_char(${column}, 'YYYY')` : sql`to_char(${column}, 'YYYY-MM')`;
}

export const ageGroups = ["under_18", "18_24", "25_34", "35_49", "50_64", "65_plus", "unknown"] as const;
export type AgeGroup = (typeof ageGroups)[number];

/** A person's age group in the scope: their age at the end of the range, from their birth year. */
export function ageGroupSql(scope: ReportScope, birthYear: SQL): SQL {
  const age = sql`(${Number(scope.to.slice(0, 4))} - ${birthYear})`;
  return sql`case when ${birthYear} is null then 'unknown'
    when ${age} < 18 then 'under_18' when ${age} < 25 then '18_24' when ${age} < 35 then '25_34'
    when ${age} < 50 then '35_49' when ${age} < 65 then '50_64' else '65_plus' end`;
}

/** Stakeholder type at the time: the roster row's snapshot, else the person's type now. */
export const stakeholderTypeSql = sql`coalesce(r.stakeholder_type, p.stakeholder_type)`;
