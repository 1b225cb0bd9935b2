/**
 * Reach, disaggregated: unique people and attended participations by gender, age group, stakeholder type at the
 * time, country, kind of organisation, and (coordinator-level data, counts only) community and displacement status,
 * where a group of fewer than 5 people is shown as "<5" so nobody in a small group can be picked out.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { type Cell, count, type ReportContent, type ReportTable } from "./content";
import type { ReportScope } from "./filters";
import { recordsLink } from "./records-link";
import { ageGroupSql, ageGroups, scopeCte, stakeholderTypeSql } from "./scope";

export type Group = { key: string | null; people: number; participations: number };

/** Smallest group shown as a number in the sensitive breakdowns. */
export const smallGroup = 5;

/**
 * Each breakdown's column in `joined` below: the person's own fields, one value per person, and the participation's
 * (type and organisation kind at the time), which can differ between a person's activities.
 */
const columns = {
  gender: "gender",
  ageGroup: "age_group",
  personCountry: "country",
  community: "community",
  displacement: "displacement_status",
  stakeholderType: "type_then",
  orgKind: "org_kind",
} as const;
export type Dimension = keyof typeof columns;
const dimensions = Object.keys(columns) as Dimension[];
const participationFields: Dimension[] = ["stakeholderType", "orgKind"];
const personFields = dimensions.filter((name) => !participationFields.includes(name));
export type Reach = Record<Dimension, Group[]> & { people: number; participations: number };

/**
 * One statement over the reached rows joined once to their people: counted per person, then the person's own fields
 * and the totals in one pass (grouping sets, each person one row); counted per person and type, and per person and
 * organisation kind, for those two. Every count is a plain count over rows that are already one per person and group,
 * so it hashes where `count(distinct …)` would sort every breakdown.
 */
export async function queryReach(db: Db | Tx, scope: ReportScope, today: string): Promise<Reach> {
  const column = (name: Dimension) => sql.identifier(columns[name]);
  const personColumns = sql.join(personFields.map(column), sql`, `);
  const whichPersonField = (pick: (name: Dimension) => SQL) =>
    sql`case ${sql.join(
      personFields.map((name) => sql`when grouping(${column(name)}) = 0 then ${pick(name)}`),
      sql` `,
    )} end`;
  const byParticipation = participationFields.map(
    (name) => sql`
      select ${name}::text as dimension, ${column(name)}::text as key, count(*) as people, sum(n) as participations
      from (select ${column(name)}, count(*) as n from joined group by person_id, ${column(name)}) t
      group by ${column(name)}`,
  );
  const rows = rowsOf<{
    dimension: Dimension | null;
    key: string | null;
    people: unknown;
    participations: unknown;
  }>(
    await db.execute(sql`with ${scopeCte(scope, today)},
      joined as (
        select p.id as person_id, ${stakeholderTypeSql} as type_then, o.kind as org_kind, p.gender,
               ${ageGroupSql(scope, sql`p.birth_year`)} as age_group, p.country,
               nullif(trim(p.community), '') as community, p.displacement_status
        from reached r join people p on p.id = r.person_id left join organizations o on o.id = r.organization_id
      ),
      person as (select ${personColumns}, count(*) as n from joined group by person_id, ${personColumns})
      select ${whichPersonField((name) => sql`${name}::text`)} as dimension,
             ${whichPersonField((name) => sql`${column(name)}::text`)} as key,
             count(*) as people, sum(n) as participations
      from person group by grouping sets (${sql.join(
        personFields.map((name) => sql`(${column(name)})`),
        sql`, `,
      )}, ())
      union all ${sql.join(byParticipation, sql` union all `)}`),
  );
  const reach = Object.fromEntries(dimensions.map((name) => [name, [] as Group[]])) as Record<
    Dimension,
    Group[]
  >;
  let totals = { people: 0, participations: 0 };
  for (const row of rows) {
    const counted = { people: count(row.people), participations: count(row.participations) };
    if (row.dimension === null) totals = counted;
    else reach[row.dimension].push({ key: row.key, ...counted });
  }
  for (const name of dimensions) {
    reach[name].sort((a, b) =>
      name === "ageGroup"
        ? ageGroups.indexOf(a.key as never) - ageGroups.indexOf(b.key as never)
        : b.people - a.people || String(a.key).localeCompare(String(b.key)),
    );
  }
  return { ...reach, ...totals };
}

/**
 * The groups shown as "<5": those under 5 people, and when that is a single group, the next smallest too, so the
 * hidden one cannot be worked out by subtracting the others from the total.
 */
export function hidden(groups: Group[]): Set<Group> {
  const small = new Set(groups.filter((group) => group.people < smallGroup));
  if (small.size === 1 && groups.length > 1) {
    const next = groups.filter((group) => !small.has(group)).sort((a, b) => a.people - b.people)[0];
    if (next) small.add(next);
  }
  return small;
}

export function reachContent(data: Reach, scope: ReportScope, i18n: Translator): ReportContent {
  const { t } = i18n;
  const notGiven = t("reports.notGiven");
  const columns = (first: string) => [first, t("reports.uniquePeople"), t("reports.participations")];
  const linked = (dimension: Dimension, label: (key: string) => string, title: string): ReportTable => ({
    id: dimension.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
    title,
    columns: columns(title),
    chart: "bars",
    rows: data[dimension].map((group): Cell[] => [
      group.key === null ? notGiven : label(group.key),
      { text: group.people, href: recordsLink(scope, "people", { [dimension]: group.key ?? "none" }) },
      group.participations,
    ]),
  });
  // Sensitive: counts only (no list of names behind them), and small groups hidden.
  const suppressed = (dimension: Dimension, label: (key: string) => string, title: string): ReportTable => {
    const hide = hidden(data[dimension]);
    return {
      id: dimension,
      title,
      columns: columns(title),
      note: t("reports.smallGroups", { count: smallGroup }),
      rows: data[dimension].map((group): Cell[] => [
        group.key === null ? notGiven : label(group.key),
        hide.has(group) ? `<${smallGroup}` : group.people,
        hide.has(group) ? `<${smallGroup}` : group.participations,
      ]),
    };
  };
  return {
    figures: [
      { label: t("reports.uniquePeople"), value: data.people, href: recordsLink(scope, "people") },
      { label: t("reports.participations"), value: data.participations },
    ],
    tables: [
      linked("gender", (key) => t(`gender.${key}` as never), t("field.gender")),
      linked("ageGroup", (key) => t(`reports.age.${key}` as never), t("reports.ageGroup")),
      linked(
        "stakeholderType",
        (key) => t(`stakeholderType.${key}` as never),
        t("reports.stakeholderTypeThen"),
      ),
      linked("personCountry", (key) => countryName(key, i18n.locale), t("field.country")),
      linked("orgKind", (key) => t(`orgKind.${key}` as never), t("reports.orgKind")),
      suppressed("community", (key) => key, t("field.community")),
      suppressed("displacement", (key) => t(`displacement.${key}` as never), t("field.displacementStatus")),
    ],
  };
}
