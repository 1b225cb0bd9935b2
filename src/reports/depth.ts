/**
 * Depth of capacity building: how often people came back (1, 2, 3–4, 5 or more activities in the range), who moved
 * from taking part to leading (a later activity in the range as trainer, speaker, facilitator or organiser after an
 * earlier one as a participant), and the average pre/post assessment gain of each training.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import type { Translator } from "../i18n";
import { type Cell, count, type ReportContent } from "./content";
import type { ReportScope } from "./filters";
import { recordsLink } from "./records-link";
import { scopeCte } from "./scope";

export const timesBuckets = ["1", "2", "3-4", "5+"] as const;
export type TimesBucket = (typeof timesBuckets)[number];
export const leadingRoles = ["trainer", "speaker", "facilitator", "organiser"] as const;
export type LeadingRole = (typeof leadingRoles)[number];

/** The bucket of a number of activities attended. */
export function timesBucketSql(times: SQL): SQL {
  return sql`case when ${times} = 1 then '1' when ${times} = 2 then '2' when ${times} <= 4 then '3-4' else '5+' end`;
}

/**
 * Reached rows `r` of people who had taken part as a participant before: their first leading role in the range
 * after an attended participation as a participant in an earlier activity (any filters, any date before).
 */
export function movedSql(): SQL {
  return sql`
      select distinct on (r.person_id) r.person_id, r.role
      from reached r
      where r.role in ('trainer', 'speaker', 'facilitator', 'organiser')
        and exists (
          select 1 from participations earlier join activities e on e.id = earlier.activity_id
          where earlier.person_id = r.person_id and earlier.status = 'attended' and earlier.role = 'participant'
            and e.status <> 'cancelled' and e.start_date < r.start_date)
      order by r.person_id, r.start_date, r.id`;
}

export type Training = {
  id: number;
  title: string;
  startDate: string;
  scored: number;
  pre: number;
  post: number;
};
export type Depth = {
  frequency: { bucket: TimesBucket; people: number }[];
  moved: { role: LeadingRole; people: number }[];
  trainings: Training[];
  trainingsScored: number;
  averageGain: number | null;
};

/** Trainings listed on the page at most; the average is over all of them. */
export const trainingsShown = 200;

export async function queryDepth(db: Db | Tx, scope: ReportScope, today: string): Promise<Depth> {
  const cte = sql`with ${scopeCte(scope, today)}`;
  const frequency = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${cte}
      select ${timesBucketSql(sql`times`)} as bucket, count(*) as people
      from (select person_id, count(*) as times from reached group by person_id) t group by 1`),
  );
  const moved = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`${cte}, moved as (${movedSql()}) select role, count(*) as people from moved group by role`,
    ),
  );
  const scoredTrainings = sql`
    scored as (
      select r.activity_id, count(*) as scored, avg(r.pre_score) as pre, avg(r.post_score) as post
      from reached r
      where r.kind = 'training' and r.pre_score is not null and r.post_score is not null
      group by r.activity_id
    )`;
  // The listed trainings and the figures over all of them, in one pass.
  const trainings = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${cte}, ${scoredTrainings}
      select a.id, a.title, a.start_date, s.scored, s.pre, s.post,
             count(*) over () as trainings, avg(s.post - s.pre) over () as gain
      from scored s join activities a on a.id = s.activity_id
      order by a.start_date desc, a.id desc limit ${trainingsShown}`),
  );
  const overall = trainings[0];
  const frequencyOf = new Map(frequency.map((row) => [String(row.bucket), count(row.people)]));
  const movedOf = new Map(moved.map((row) => [String(row.role), count(row.people)]));
  return {
    frequency: timesBuckets.map((bucket) => ({ bucket, people: frequencyOf.get(bucket) ?? 0 })),
    moved: leadingRoles.map((role) => ({ role, people: movedOf.get(role) ?? 0 })),
    trainings: trainings.map((row) => ({
      id: Number(row.id),
      title: String(row.title),
      startDate: String(row.start_date).slice(0, 10),
      scored: count(row.scored),
      pre: Number(row.pre),
      post: Number(row.post),
    })),
    trainingsScored: count(overall?.trainings),
    averageGain: overall?.gain === null || overall?.gain === undefined ? null : Number(overall.gain),
  };
}

export function depthContent(data: Depth, scope: ReportScope, i18n: Translator): ReportContent {
  const { t } = i18n;
  const score = (value: number) => Math.round(value * 10) / 10;
  const movedTotal = data.moved.reduce((sum, row) => sum + row.people, 0);
  return {
    figures: [
      {
        label: t("reports.cameBack"),
        value: data.frequency.filter((row) => row.bucket !== "1").reduce((sum, row) => sum + row.people, 0),
      },
      { label: t("reports.movedToLead"), value: movedTotal },
      {
        label: t("reports.averageGain"),
        value: data.averageGain === null ? "—" : score(data.averageGain),
      },
    ],
    tables: [
      {
        id: "frequency",
        title: t("reports.frequency"),
        columns: [t("reports.activitiesAttended"), t("reports.uniquePeople")],
        chart: "bars",
        rows: data.frequency.map((row): Cell[] => [
          t(`reports.times.${row.bucket}` as never),
          { text: row.people, href: recordsLink(scope, "people", { times: row.bucket }) },
        ]),
      },
      {
        id: "moved",
        title: t("reports.movedToLead"),
        note: t("reports.movedNote"),
        columns: [t("reports.newRole"), t("reports.uniquePeople")],
        chart: "bars",
        rows: data.moved.map((row): Cell[] => [
          t(`participationRole.${row.role}`),
          { text: row.people, href: recordsLink(scope, "people", { movedTo: row.role }) },
        ]),
      },
      {
        id: "trainings",
        title: t("reports.gainByTraining"),
        note:
          data.trainingsScored > data.trainings.length
            ? t("reports.trainingsShown", { count: data.trainings.length, total: data.trainingsScored })
            : undefined,
        columns: [
          t("field.title"),
          t("field.startDate"),
          t("reports.scoredPeople"),
          t("reports.averagePre"),
          t("reports.averagePost"),
          t("reports.averageGain"),
        ],
        rows: data.trainings.map((row): Cell[] => [
          { text: row.title, href: `/activities/${row.id}/participants` },
          row.startDate,
          row.scored,
          score(row.pre),
          score(row.post),
          score(row.post - row.pre),
        ]),
      },
    ],
  };
}
