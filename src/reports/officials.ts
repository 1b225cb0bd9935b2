/**
 * Officials and parliamentarians: how many took part (by their stakeholder type at the time), in what kinds of
 * activity, by year and by country, and which institutions they came from (the organisation on their roster row).
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { type Cell, count, type ReportContent } from "./content";
import type { ReportScope } from "./filters";
import { stakeholderTypeSql } from "./records";
import { recordsLink } from "./records-link";
import { scopeCte } from "./scope";

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
  const cte = sql`with ${scopeCte(scope, today)},
    officials as (
      select r.*, ${stakeholderTypeSql} as type_then, p.country as person_country
      from reached r join people p on p.id = r.person_id
      where ${stakeholderTypeSql} in ('official', 'parliamentarian')
    )`;
  const counts = sql`
    count(distinct person_id) filter (where type_then = 'official') as officials,
    count(distinct person_id) filter (where type_then = 'parliamentarian') as parliamentarians,
    count(*) as participations`;
  const grouped = async (key: SQL) =>
    rowsOf<Record<string, unknown>>(
      await db.execute(sql`${cte}
        select ${key} as key, ${counts} from officials group by 1 order by count(distinct person_id) desc, 1`),
    );
  const toRow = (row: Record<string, unknown>): Row => ({
    key: row.key === null || row.key === undefined ? null : String(row.key),
    officials: count(row.officials),
    parliamentarians: count(row.parliamentarians),
    participations: count(row.participations),
  });
  const [totals] = await grouped(sql`null::text`);
  const byYear = (await grouped(sql`to_char(start_date, 'YYYY')`)).map(toRow);
  byYear.sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return {
    officials: count(totals?.officials),
    parliamentarians: count(totals?.parliamentarians),
    byYear,
    byCountry: (await grouped(sql`person_country`)).map(toRow),
    byKind: (await grouped(sql`kind`)).map(toRow),
    // By the organisation on the roster row (its name then), the largest first.
    institutions: rowsOf<Record<string, unknown>>(
      await db.execute(sql`${cte}
        select organization_id, min(organization_name) as key, ${counts} from officials
        group by organization_id order by count(distinct person_id) desc, 2 limit ${institutionsShown}`),
    ).map((row) => ({
      ...toRow(row),
      key: row.key === null || row.key === "" ? null : String(row.key),
      organizationId: row.organization_id === null ? null : Number(row.organization_id),
    })),
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
      {
        id: "by-year",
        title: t("reports.byYear"),
        columns: columns(t("reports.year")),
        chart: "columns",
        rows: data.byYear.map((row) => [
          row.key ?? "",
          ...people(row, { period: row.key ?? "" }),
          row.participations,
        ]),
      },
      {
        id: "by-country",
        title: t("reports.byCountry"),
        columns: columns(t("field.country")),
        chart: "bars",
        rows: data.byCountry.map((row) => [
          row.key ? countryName(row.key, i18n.locale) : notGiven,
          ...people(row, { personCountry: row.key ?? "none" }),
          row.participations,
        ]),
      },
      {
        id: "by-kind",
        title: t("reports.inWhat"),
        columns: columns(t("field.kind")),
        chart: "bars",
        rows: data.byKind.map((row) => [
          t(`activityKind.${row.key}` as never),
          ...people(row, { activityKind: row.key ?? "" }),
          row.participations,
        ]),
      },
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
