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
import { ageGroupSql, ageGroups, stakeholderTypeSql } from "./records";
import { recordsLink } from "./records-link";
import { scopeCte } from "./scope";

export type Group = { key: string | null; people: number; participations: number };

/** Smallest group shown as a number in the sensitive breakdowns. */
export const smallGroup = 5;

const dimensions = {
  gender: sql`p.gender`,
  ageGroup: null,
  stakeholderType: stakeholderTypeSql,
  personCountry: sql`p.country`,
  orgKind: sql`o.kind`,
  community: sql`nullif(trim(p.community), '')`,
  displacement: sql`p.displacement_status`,
} as const;
export type Dimension = keyof typeof dimensions;
export type Reach = Record<Dimension, Group[]> & { people: number; participations: number };

/** All dimensions in one pass over the reached rows (grouping sets), with the totals as the empty set. */
export async function queryReach(db: Db | Tx, scope: ReportScope, today: string): Promise<Reach> {
  const names = Object.keys(dimensions) as Dimension[];
  const expressions = names.map((name) => dimensions[name] ?? ageGroupSql(scope, sql`p.birth_year`));
  // Each dimension computed once per row, then grouped by its column (an expression with parameters would not be
  // recognised as the same grouping expression twice).
  const keys = names.map((_, index) => sql.identifier(`k${index}`));
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${scopeCte(scope, today)},
      keyed as (
        select r.person_id, ${sql.join(
          expressions.map((expression, index) => sql`${expression} as ${keys[index]}`),
          sql`, `,
        )}
        from reached r join people p on p.id = r.person_id left join organizations o on o.id = r.organization_id
      )
      select ${sql.join(
        keys.map((key, index) => sql`grouping(${key}) as ${sql.identifier(`g${index}`)}, ${key}`),
        sql`, `,
      )}, count(distinct person_id) as people, count(*) as participations
      from keyed group by grouping sets (${sql.join(
        keys.map((key) => sql`(${key})`),
        sql`, `,
      )}, ())`),
  );
  const reach = Object.fromEntries(names.map((name) => [name, [] as Group[]])) as Record<Dimension, Group[]>;
  let totals = { people: 0, participations: 0 };
  for (const row of rows) {
    const index = names.findIndex((_, i) => Number(row[`g${i}`]) === 0);
    const counted = { people: count(row.people), participations: count(row.participations) };
    if (index < 0) {
      totals = counted;
      continue;
    }
    const key = row[`k${index}`];
    reach[names[index] as Dimension].push({
      key: key === null || key === undefined ? null : String(key),
      ...counted,
    });
  }
  for (const name of names) {
    reach[name].sort((a, b) =>
      name === "ageGroup"
        ? ageGroups.indexOf(a.key as never) - ageGroups.indexOf(b.key as never)
        : b.people - a.people || String(a.key).localeCompare(String(b.key)),
    );
  }
  return { ...reach, ...totals };
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
  const suppressed = (dimension: Dimension, label: (key: string) => string, title: string): ReportTable => ({
    id: dimension,
    title,
    columns: columns(title),
    note: t("reports.smallGroups", { count: smallGroup }),
    rows: data[dimension].map((group): Cell[] => {
      const small = group.people < smallGroup;
      return [
        group.key === null ? notGiven : label(group.key),
        small ? `<${smallGroup}` : group.people,
        small ? `<${smallGroup}` : group.participations,
      ];
    }),
  });
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
