/**
 * Confidence building across communities: for each activity, how many countries, communities and stakeholder types
 * met in the same room (among those who attended); the share of activities that brought together people of two or
 * more countries or communities; and which countries' participants met (pairs, with the number of activities).
 */
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { type Cell, count, type ReportContent } from "./content";
import type { ReportScope } from "./filters";
import { queryParts } from "./parts";
import { scopeCte, stakeholderTypeSql } from "./scope";

export const activitiesShown = 200;

type Mix = {
  id: number;
  title: string;
  startDate: string;
  people: number;
  countries: number;
  communities: number;
  types: number;
};
export type CountryPair = { a: string; b: string; activities: number };
export type Communities = {
  activities: Mix[];
  total: number;
  withPeople: number;
  acrossCountries: number;
  acrossCommunities: number;
  pairs: CountryPair[];
};

/**
 * One statement: the reached rows are joined to their people once, per activity (`mix`), with the countries present
 * as a list; the listed activities with the shares over all of them, and the pairs of countries that met, are both
 * read from that.
 */
export async function queryCommunities(db: Db | Tx, scope: ReportScope, today: string): Promise<Communities> {
  const parts = await queryParts(
    db,
    sql`with ${scopeCte(scope, today)},
      mix as (
        select r.activity_id, count(distinct r.person_id) as people, count(distinct p.country) as countries,
               count(distinct nullif(trim(p.community), '')) as communities,
               count(distinct ${stakeholderTypeSql}) as types,
               array_agg(distinct p.country) filter (where p.country is not null) as present
        from reached r join people p on p.id = r.person_id group by r.activity_id
      ),
      listed as (
        select a.id, a.title, a.start_date, m.people, m.countries, m.communities, m.types,
               (select count(*) from scoped) as total, count(*) over () as with_people,
               count(*) filter (where m.countries >= 2) over () as across_countries,
               count(*) filter (where m.communities >= 2) over () as across_communities
        from mix m join scoped a on a.id = m.activity_id
        order by a.start_date desc, a.id desc limit ${activitiesShown}
      ),
      pairs as (
        select x.country as a, y.country as b, count(*) as activities
        from mix m cross join unnest(m.present) x(country) cross join unnest(m.present) y(country)
        where x.country < y.country group by 1, 2
      )
    `,
    ["listed", "pairs"],
  );
  const { listed } = parts;
  const pairs = parts.pairs
    .map((row) => ({ a: String(row.a), b: String(row.b), activities: count(row.activities) }))
    .sort((x, y) => y.activities - x.activities || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  const shares = listed[0];
  return {
    activities: listed.map((row) => ({
      id: Number(row.id),
      title: String(row.title),
      startDate: String(row.start_date).slice(0, 10),
      people: count(row.people),
      countries: count(row.countries),
      communities: count(row.communities),
      types: count(row.types),
    })),
    total: count(shares?.total),
    withPeople: count(shares?.with_people),
    acrossCountries: count(shares?.across_countries),
    acrossCommunities: count(shares?.across_communities),
    pairs,
  };
}

export function communitiesContent(data: Communities, _scope: ReportScope, i18n: Translator): ReportContent {
  const { t } = i18n;
  const share = (part: number) =>
    data.withPeople === 0 ? "—" : `${i18n.percent(part / data.withPeople)} (${i18n.number(part)})`;
  const country = (code: string) => countryName(code, i18n.locale);
  return {
    figures: [
      { label: t("reports.activitiesWithPeople"), value: data.withPeople },
      { label: t("reports.acrossCountries"), value: share(data.acrossCountries) },
      { label: t("reports.acrossCommunities"), value: share(data.acrossCommunities) },
    ],
    tables: [
      {
        id: "country-pairs",
        title: t("reports.countriesMet"),
        note: t("reports.countriesMetNote"),
        columns: [t("reports.countryPair"), t("reports.activities")],
        chart: "network",
        rows: data.pairs.map((pair): Cell[] => [`${country(pair.a)} – ${country(pair.b)}`, pair.activities]),
        network: data.pairs.map((pair) => ({
          a: country(pair.a),
          b: country(pair.b),
          value: pair.activities,
        })),
      },
      {
        id: "activities",
        title: t("reports.mixByActivity"),
        note:
          data.withPeople > data.activities.length
            ? t("reports.activitiesShown", { count: data.activities.length, total: data.withPeople })
            : undefined,
        columns: [
          t("field.title"),
          t("field.startDate"),
          t("reports.uniquePeople"),
          t("reports.countries"),
          t("reports.communitiesCount"),
          t("reports.stakeholderTypes"),
        ],
        rows: data.activities.map((row): Cell[] => [
          { text: row.title, href: `/activities/${row.id}/participants` },
          row.startDate,
          row.people,
          row.countries,
          row.communities,
          row.types,
        ]),
      },
    ],
  };
}
