/**
 * Partners and joint organisation: for each partner, the activities co-organised in the scope by role, the people
 * reached at them, and their first and last joint activity ever; and partners with no joint activity in the last
 * N months (12 unless `months` says otherwise), to see whom to re-engage.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "../db/client";
import { partnerRoles } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { type Cell, count, type ReportContent } from "./content";
import type { ReportScope } from "./filters";
import { recordsLink } from "./records-link";
import { scopeCte } from "./scope";

export const partnersShown = 200;
export const monthsSchema = z.coerce.number().int().min(1).max(240).catch(12);

type Partner = {
  id: number;
  name: string;
  activities: number;
  byRole: Record<(typeof partnerRoles)[number], number>;
  people: number;
  first: string;
  last: string;
};
type Dormant = { id: number; name: string; last: string; activities: number };
export type Partners = { partners: Partner[]; total: number; dormant: Dormant[]; months: number };

const day = (value: unknown) => String(value ?? "").slice(0, 10);

export async function queryPartners(
  db: Db | Tx,
  scope: ReportScope,
  today: string,
  months: number,
): Promise<Partners> {
  const byRole = sql.join(
    partnerRoles.map(
      (role) =>
        sql`count(distinct ap.activity_id) filter (where ap.role = ${role}) as ${sql.identifier(role)}`,
    ),
    sql`, `,
  );
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${scopeCte(scope, today)},
      joint as (
        select ap.organization_id, count(distinct ap.activity_id) as activities, ${byRole}
        from activity_partners ap join scoped s on s.id = ap.activity_id group by ap.organization_id
      ),
      reached_through as (
        select ap.organization_id, count(distinct r.person_id) as people
        from (select distinct ap.organization_id, ap.activity_id from activity_partners ap join scoped s on s.id = ap.activity_id) ap
        join reached r on r.activity_id = ap.activity_id group by ap.organization_id
      ),
      ever as (
        select ap.organization_id, min(a.start_date) as first, max(a.start_date) as last
        from activity_partners ap join activities a on a.id = ap.activity_id
        where a.status <> 'cancelled' and a.start_date <= ${today} group by ap.organization_id
      )
      select o.id, o.name, j.*, coalesce(t.people, 0) as people, e.first, e.last, count(*) over () as total
      from joint j join organizations o on o.id = j.organization_id
      left join reached_through t on t.organization_id = j.organization_id
      left join ever e on e.organization_id = j.organization_id
      order by j.activities desc, o.name limit ${partnersShown}`),
  );
  const dormant = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select o.id, o.name, max(a.start_date) as last, count(distinct a.id) as activities
      from activity_partners ap join activities a on a.id = ap.activity_id join organizations o on o.id = ap.organization_id
      where a.status <> 'cancelled' and a.start_date <= ${today} and o.archived_at is null
      group by o.id
      having max(a.start_date) < (${today}::date - make_interval(months => ${months}))::date
      order by max(a.start_date) desc, o.name limit ${partnersShown}`),
  );
  return {
    total: count(rows[0]?.total),
    months,
    partners: rows.map((row) => ({
      id: Number(row.id),
      name: String(row.name),
      activities: count(row.activities),
      byRole: Object.fromEntries(partnerRoles.map((role) => [role, count(row[role])])) as Partner["byRole"],
      people: count(row.people),
      first: day(row.first),
      last: day(row.last),
    })),
    dormant: dormant.map((row) => ({
      id: Number(row.id),
      name: String(row.name),
      last: day(row.last),
      activities: count(row.activities),
    })),
  };
}

export function partnersContent(data: Partners, scope: ReportScope, i18n: Translator): ReportContent {
  const { t } = i18n;
  const link = (partner: { id: number; name: string }): Cell => ({
    text: partner.name,
    href: `/organizations/${partner.id}`,
  });
  const activitiesWith = (partner: { id: number }, count: number): Cell => ({
    text: count,
    href: recordsLink(scope, "activities", { partner: String(partner.id) }),
  });
  return {
    figures: [{ label: t("reports.partnersEngaged"), value: data.total }],
    extraFilters: [
      { name: "months", label: t("reports.months"), value: String(data.months), min: 1, max: 240 },
    ],
    tables: [
      {
        id: "partners",
        title: t("reports.jointOrganisation"),
        note:
          data.total > data.partners.length
            ? t("reports.partnersShown", { count: data.partners.length, total: data.total })
            : undefined,
        columns: [
          t("reports.partner"),
          t("reports.activities"),
          ...partnerRoles.map((role) => t(`partnerRole.${role}`)),
          t("reports.peopleReachedThrough"),
          t("reports.firstJoint"),
          t("reports.lastJoint"),
        ],
        chart: "bars",
        rows: data.partners.map((partner) => [
          link(partner),
          activitiesWith(partner, partner.activities),
          ...partnerRoles.map((role) => partner.byRole[role]),
          partner.people,
          partner.first,
          partner.last,
        ]),
      },
      {
        id: "dormant",
        title: t("reports.dormantPartners", { count: data.months }),
        columns: [t("reports.partner"), t("reports.lastJoint"), t("reports.jointActivitiesEver")],
        rows: data.dormant.map((partner) => [link(partner), partner.last, partner.activities]),
      },
    ],
  };
}
