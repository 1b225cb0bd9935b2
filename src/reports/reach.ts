/**
 * Reach, disaggregated: unique people and attended participations by gender, age group, stakeholder type at the
 * time, country, kind of organisation, and (coordinator-level data, counts only) community and displacement status,
 * where a group of fewer than 5 people is shown as "<5" so nobody in a small group can be picked out.
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { type Cell, count, type ReportContent, type ReportTable } from "./content";
import type { ReportScope } from "./filters";
import { groupedBy } from "./grouping";
import { ageGroupSql, ageGroups, stakeholderTypeSql } from "./records";
import { recordsLink } from "./records-link";
import { scopeCte } from "./scope";

export type Group = { key: string | null; people: number; participations: number };

/** Smallest group shown as a number in the sensitive breakdowns. */
export const smallGroup = 5;

// Over `b` (a person's participations counted by their type and organisation kind then) and `p` (the person).
const dimensions = {
  gender: sql`p.gender`,
  ageGroup: null,
  stakeholderType: sql`b.type_then`,
  personCountry: sql`p.country`,
  orgKind: sql`b.org_kind`,
  community: sql`nullif(trim(p.community), '')`,
  displacement: sql`p.displacement_status`,
} as const;
export type Dimension = keyof typeof dimensions;
export type Reach = Record<Dimension, Group[]> & { people: number; participations: number };

/**
 * All dimensions in one pass (grouping sets), the totals as the empty set. The reached rows are first counted per
 * person, type then and organisation kind then (a million participations become about as many rows as people), so
 * the distinct counts sort that, not every participation.
 */
export async function queryReach(db: Db | Tx, scope: ReportScope, today: string): Promise<Reach> {
  const names = Object.keys(dimensions) as Dimension[];
  const expressions = names.map((name) => dimensions[name] ?? ageGroupSql(scope, sql`p.birth_year`));
  const groups = await groupedBy(db, {
    with: sql`with ${scopeCte(scope, today)}`,
    from: sql`(
        select r.person_id, ${stakeholderTypeSql} as type_then, o.kind as org_kind, count(*) as n
        from reached r join people p on p.id = r.person_id left join organizations o on o.id = r.organization_id
        group by 1, 2, 3
      ) b join people p on p.id = b.person_id`,
    carry: sql`b.person_id, b.n`,
    keys: expressions,
    aggregates: sql`count(distinct person_id) as people, sum(n) as participations`,
  });
  const reach = Object.fromEntries(names.map((name) => [name, [] as Group[]])) as Record<Dimension, Group[]>;
  let totals = { people: 0, participations: 0 };
  for (const { by, key, row } of groups) {
    const counted = { people: count(row.people), participations: count(row.participations) };
    if (by === null) totals = counted;
    else reach[names[by] as Dimension].push({ key, ...counted });
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
