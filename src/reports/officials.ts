/**
 * Officials and parliamentarians: how many took part (by their stakeholder type at the time), in what kinds of
 * activity, by year and by country, and which institutions they came from (the organisation on their roster row).
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { type Cell, count, type ReportContent, type ReportTable } from "./content";
import type { ReportScope } from "./filters";
import { type GroupRow, groupedBy } from "./grouping";
import { recordsLink } from "./records-link";
import { scopeCte, stakeholderTypeSql } from "./scope";

const officialTypes = ["official", "parliamentarian"] as const;
type Row = { key: string | null; officials: number; parliamentarians: number; participations: number };
export type Officials = {
  officials: number;
  parliamentarians: number;
  byYear: Row[];
  byCountry: Row[];
  byKind: Row[];
  institutions: (Row & { organizationId: number | null })[];
};

/** Institutions listed at most (the largest first). */
export const institutionsShown = 100;

export async function queryOfficials(db: Db | Tx, scope: ReportScope, today: string): Promise<Officials> {
  const groups = await groupedBy(db, {
    with: sql`with ${scopeCte(scope, today)}`,
    // The organisation's name as the roster row has it, else (a row without the snapshot) as it is now.
    from: sql`reached r join people p on p.id = r.person_id left join organizations o on o.id = r.organization_id
      where ${stakeholderTypeSql} in ('official', 'parliamentarian')`,
    carry: sql`r.person_id, coalesce(r.organization_name, o.name) as organization_name, ${stakeholderTypeSql} as type_then`,
    keys: [sql`to_char(r.start_date, 'YYYY')`, sql`p.country`, sql`r.kind`, sql`r.organization_id`],
    aggregates: sql`
      count(distinct person_id) filter (where type_then = 'official') as officials,
      count(distinct person_id) filter (where type_then = 'parliamentarian') as parliamentarians,
      count(*) as participations, min(organization_name) as institution`,
  });
  const toRow = ({ key, row }: GroupRow): Row => ({
    key,
    officials: count(row.officials),
    parliamentarians: count(row.parliamentarians),
    participations: count(row.participations),
  });
  const largestFirst = (a: Row, b: Row) =>
    b.officials + b.parliamentarians - (a.officials + a.parliamentarians) ||
    String(a.key).localeCompare(String(b.key));
  const by = (index: number) => groups.filter((group) => group.by === index);
  const totals = groups.find((group) => group.by === null);
  return {
    officials: count(totals?.row.officials),
    parliamentarians: count(totals?.row.parliamentarians),
    byYear: by(0)
      .map(toRow)
      .sort((a, b) => String(a.key).localeCompare(String(b.key))),
    byCountry: by(1).map(toRow).sort(largestFirst),
    byKind: by(2).map(toRow).sort(largestFirst),
    // By the organisation on the roster row (its name then), the largest first.
    institutions: by(3)
      .map((group) => ({
        ...toRow(group),
        key: group.row.institution ? String(group.row.institution) : null,
        organizationId: group.key === null ? null : Number(group.key),
      }))
      .sort(largestFirst)
      .slice(0, institutionsShown),
  };
}

export function officialsContent(data: Officials, scope: ReportScope, i18n: Translator): ReportContent {
  const { t } = i18n;
  const notGiven = t("reports.notGiven");
  const columns = (first: string) => [
    first,
    t("stakeholderType.official"),
    t("stakeholderType.parliamentarian"),
    t("reports.participations"),
  ];
  const people = (row: Row, facets: Record<string, string>): Cell[] =>
    officialTypes.map((type) => ({
      text: type === "official" ? row.officials : row.parliamentarians,
      href: recordsLink(scope, "people", { stakeholderType: type, ...facets }),
    }));
  /** One breakdown: its rows labelled, each count of people linked to them (the facet narrowing to the row). */
  const breakdown = (
    id: string,
    title: string,
    first: string,
    chart: ReportTable["chart"],
    rows: Row[],
    label: (key: string) => string,
    facet: string,
  ): ReportTable => ({
    id,
    title,
    columns: columns(first),
    chart,
    rows: rows.map((row) => [
      row.key === null ? notGiven : label(row.key),
      ...people(row, { [facet]: row.key ?? "none" }),
      row.participations,
    ]),
  });
  return {
    figures: [
      {
        label: t("stakeholderType.official"),
        value: data.officials,
        href: recordsLink(scope, "people", { stakeholderType: "official" }),
      },
      {
        label: t("stakeholderType.parliamentarian"),
        value: data.parliamentarians,
        href: recordsLink(scope, "people", { stakeholderType: "parliamentarian" }),
      },
    ],
    tables: [
      breakdown(
        "by-year",
        t("reports.byYear"),
        t("reports.year"),
        "columns",
        data.byYear,
        (key) => key,
        "period",
      ),
      breakdown(
        "by-country",
        t("reports.byCountry"),
        t("field.country"),
        "bars",
        data.byCountry,
        (key) => countryName(key, i18n.locale),
        "personCountry",
      ),
      breakdown(
        "by-kind",
        t("reports.inWhat"),
        t("field.kind"),
        "bars",
        data.byKind,
        (key) => t(`activityKind.${key}` as never),
        "activityKind",
      ),
      {
        id: "institutions",
        title: t("reports.institutions"),
        note: t("reports.institutionsNote", { count: institutionsShown }),
        columns: columns(t("reports.institution")),
        rows: data.institutions.map((row) => [
          row.organizationId && row.key
            ? { text: row.key, href: `/organizations/${row.organizationId}` }
            : (row.key ?? notGiven),
          row.officials,
          row.parliamentarians,
          row.participations,
        ]),
      },
    ],
  };
}
