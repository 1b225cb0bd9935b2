/**
 * Partners and joint organisation: for each partner, the activities co-organised in the scope by role, the people
 * reached at them, and their first and last joint activity ever; and partners with no joint activity in the last
 * N months (12 unless `months` says otherwise), to see whom to re-engage.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { partnerRoles } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { type Cell, count, type ReportContent } from "./content";
import type { ReportScope } from "./filters";
import { queryParts } from "./parts";
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
  // One statement: each partner's joint activities ever (`ever`, over all dates) serve both the listed partners'
  // first and last joint activity and the dormant ones.
  const { listed, dormant } = await queryParts(
    db,
    sql`with ${scopeCte(scope, today)},
      joint as (
        select ap.organization_id, count(distinct ap.activity_id) as activities, ${byRole}
        from activity_partners ap join scoped s on s.id = ap.activity_id group by ap.organization_id
      ),
      reached_through as (
        select organization_id, count(*) as people
        from (
          select distinct ap.organization_id, r.person_id
          from activity_partners ap join scoped s on s.id = ap.activity_id join reached r on r.activity_id = ap.activity_id
        ) t
        group by organization_id
      ),
      ever as (
        select ap.organization_id, min(a.start_date) as first, max(a.start_date) as last,
               count(distinct a.id) as activities
        from activity_partners ap join activities a on a.id = ap.activity_id
        where a.status <> 'cancelled' and a.start_date <= ${today} group by ap.organization_id
      ),
      listed as (
        select o.id, o.name, j.*, coalesce(t.people, 0) as people, e.first, e.last, count(*) over () as total
        from joint j join organizations o on o.id = j.organization_id
        left join reached_through t on t.organization_id = j.organization_id
        left join ever e on e.organization_id = j.organization_id
        order by j.activities desc, o.name limit ${partnersShown}
      ),
      dormant as (
        select o.id, o.name, e.last, e.activities
        from ever e join organizations o on o.id = e.organization_id
        where o.archived_at is null and e.last < (${today}::date - make_interval(months => ${months}))::date
        order by e.last desc, o.name limit ${partnersShown}
      )
    `,
    ["listed", "dormant"],
  );
  return {
    total: count(listed[0]?.total),
    months,
    partners: listed.map((row) => ({
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
