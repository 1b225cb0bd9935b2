/**
 * The records behind a report's figure: the activities counted, or the people reached, in the report's scope and
 * narrowed by the figure's facets (a kind, a month, a gender, an age group…). Facets are read from the URL; an
 * unknown one is ignored, so an old link shows a wider list rather than an error.
 */
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "../db/client";
import { activityKinds, genders, organizationKinds, stakeholderTypes } from "../db/schema/enums";
import { count } from "./content";
import { leadingRoles, movedSql, timesBucketSql, timesBuckets } from "./depth";
import type { ReportScope } from "./filters";
import { activityConditions, ageGroupSql, ageGroups, periodOf, scopeCte, stakeholderTypeSql } from "./scope";

const none = "none";
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const recordFacetsSchema = z.object({
  of: z.enum(["activities", "people"]).catch("people"),
  activityKind: optional(z.enum(activityKinds)),
  focusArea: optional(z.union([z.literal(none), z.coerce.number().int().positive().max(2_147_483_647)])),
  period: optional(z.string().regex(/^\d{4}(-\d{2})?$/)),
  first: optional(z.enum(["new", "returning"])),
  gender: optional(z.enum([...genders, none])),
  ageGroup: optional(z.enum(ageGroups)),
  stakeholderType: optional(z.enum([...stakeholderTypes, none])),
  personCountry: optional(z.union([z.literal(none), z.string().regex(/^[A-Z]{2}$/)])),
  orgKind: optional(z.enum([...organizationKinds, none])),
  times: optional(z.enum(timesBuckets)),
  movedTo: optional(z.enum(leadingRoles)),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type RecordFacets = z.output<typeof recordFacetsSchema>;

const equalsOrNull = (column: SQL, value: string | number) =>
  value === none ? sql`${column} is null` : sql`${column} = ${value}`;

/** The facets' conditions on a reached row `r` (with its activity's columns), its person `p` and organisation `o`. */
function facetConditions(scope: ReportScope, facets: RecordFacets): SQL[] {
  const conditions: SQL[] = [];
  if (facets.activityKind) conditions.push(sql`r.kind = ${facets.activityKind}`);
  if (facets.focusArea) conditions.push(equalsOrNull(sql`r.focus_area_id`, facets.focusArea));
  if (facets.period)
    conditions.push(
      sql`${periodOf({ ...scope, by: facets.period.length === 4 ? "year" : "month" }, sql`r.start_date`)} = ${facets.period}`,
    );
  if (facets.gender) conditions.push(equalsOrNull(sql`p.gender`, facets.gender));
  if (facets.ageGroup) conditions.push(sql`${ageGroupSql(scope, sql`p.birth_year`)} = ${facets.ageGroup}`);
  if (facets.stakeholderType) conditions.push(equalsOrNull(stakeholderTypeSql, facets.stakeholderType));
  if (facets.personCountry) conditions.push(equalsOrNull(sql`p.country`, facets.personCountry));
  if (facets.orgKind) conditions.push(equalsOrNull(sql`o.kind`, facets.orgKind));
  if (facets.times) {
    conditions.push(sql`p.id in (
      select person_id from reached group by person_id having ${timesBucketSql(sql`count(*)`)} = ${facets.times})`);
  }
  if (facets.movedTo) {
    conditions.push(
      sql`p.id in (select m.person_id from (${movedSql()}) m where m.role = ${facets.movedTo})`,
    );
  }
  if (facets.first) {
    const before = sql`exists (
      select 1 from participations earlier join activities a on a.id = earlier.activity_id
      where earlier.person_id = p.id and earlier.status = 'attended' and a.start_date < ${scope.from}
        and ${activityConditions(scope, "9999-12-31", false)})`;
    conditions.push(facets.first === "new" ? sql`not ${before}` : before);
  }
  return conditions;
}

export const recordsPageSize = 50;

export type PersonRecordRow = { id: number; fullName: string; country: string | null; activities: number };
export type ActivityRecordRow = {
  id: number;
  title: string;
  kind: string;
  startDate: string;
  people: number;
};

/** One page of the records behind a figure, and how many there are in all; `pageSize: null` gives them all (CSV). */
export async function queryRecords(
  db: Db | Tx,
  scope: ReportScope,
  today: string,
  facets: RecordFacets,
  pageSize: number | null = recordsPageSize,
): Promise<{ total: number; people: PersonRecordRow[]; activities: ActivityRecordRow[] }> {
  const found = await recordsPage(db, scope, today, facets, pageSize);
  // A page past the end has no rows to carry the total: it is counted on the first page.
  if (found.total === 0 && facets.page > 1) {
    return { ...found, total: (await recordsPage(db, scope, today, { ...facets, page: 1 }, 1)).total };
  }
  return found;
}

async function recordsPage(
  db: Db | Tx,
  scope: ReportScope,
  today: string,
  facets: RecordFacets,
  pageSize: number | null,
): Promise<{ total: number; people: PersonRecordRow[]; activities: ActivityRecordRow[] }> {
  const page = pageSize === null ? sql`` : sql`limit ${pageSize} offset ${(facets.page - 1) * pageSize}`;
  return facets.of === "activities"
    ? { people: [], ...(await activityRecords(db, scope, today, facets, page)) }
    : { activities: [], ...(await peopleRecords(db, scope, today, facets, page)) };
}

/** Scoped activities narrowed by the activity facets only (a kind, a focus area, a period), with the people reached. */
async function activityRecords(
  db: Db | Tx,
  scope: ReportScope,
  today: string,
  facets: RecordFacets,
  page: SQL,
) {
  const { activityKind, focusArea, period } = facets;
  const where = sql.join(
    [sql`true`, ...facetConditions(scope, { of: "activities", page: 1, activityKind, focusArea, period })],
    sql` and `,
  );
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${scopeCte(scope, today)}
      select r.id, r.title, r.kind, r.start_date, count(*) over () as total, coalesce(x.people, 0) as people
      from scoped r
      left join (select activity_id, count(distinct person_id) as people from reached group by activity_id) x
        on x.activity_id = r.id
      where ${where}
      order by r.start_date desc, r.id desc ${page}`),
  );
  return {
    total: count(rows[0]?.total),
    activities: rows.map((row) => ({
      id: Number(row.id),
      title: String(row.title),
      kind: String(row.kind),
      startDate: String(row.start_date).slice(0, 10),
      people: count(row.people),
    })),
  };
}

/** People reached in the scope, narrowed by all the facets, with how many activities they attended there. */
async function peopleRecords(
  db: Db | Tx,
  scope: ReportScope,
  today: string,
  facets: RecordFacets,
  page: SQL,
) {
  const where = sql.join([sql`true`, ...facetConditions(scope, facets)], sql` and `);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${scopeCte(scope, today)},
      matching as (
        select r.person_id, r.activity_id from reached r
        join people p on p.id = r.person_id
        left join organizations o on o.id = r.organization_id
        where ${where}
      )
      select p.id, p.full_name, p.country, count(distinct m.activity_id) as activities, count(*) over () as total
      from matching m join people p on p.id = m.person_id
      group by p.id
      order by lower(p.full_name), p.id ${page}`),
  );
  return {
    total: count(rows[0]?.total),
    people: rows.map((row) => ({
      id: Number(row.id),
      fullName: String(row.full_name),
      country: (row.country as string | null) ?? null,
      activities: count(row.activities),
    })),
  };
}
