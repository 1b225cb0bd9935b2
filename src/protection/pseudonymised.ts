/**
 * The pseudonymised export for donors (decision 24): one row per participation in a report's scope, each person known
 * only by their pseudonym (stable, random, the same in every download), with the fields a donor's breakdowns need and
 * nothing that names or reaches anyone: no names, emails, phones, cities, notes, birth years (an age group instead) or
 * the names of the organisations people represented (their kind instead).
 *
 * Community and displacement status are given only for people whose consent to sharing with donors is recorded as
 * given; for everyone else they read "not shared". As in the reports, small groups are hidden: a community,
 * displacement status, country or age group held by fewer than 5 people in the file reads "suppressed".
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../db/client";
import type { ListExport } from "../exports/send";
import type { Translator } from "../i18n";
import type { ReportScope } from "../reports/filters";
import { smallGroup } from "../reports/reach";
import { activityConditions, ageGroupSql } from "../reports/scope";
import { countryName } from "../text/country";

export type PseudonymisedRow = {
  personId: number;
  pseudonym: string;
  gender: string | null;
  ageGroup: string;
  country: string | null;
  stakeholderType: string;
  /** Whether the person's consent to sharing with donors is recorded as given. */
  shared: boolean;
  community: string | null;
  displacementStatus: string | null;
  activityId: number;
  activityKind: string;
  activityDate: string;
  activityCountry: string | null;
  role: string;
  status: string;
  organizationKind: string | null;
};

/**
 * The participations of the scope's activities (as every report counts them: held or planned, not cancelled, begun by
 * today), but nominations not taken up (still waiting, or declined), which are no part in an activity.
 */
export async function queryPseudonymised(
  tx: Tx,
  scope: ReportScope,
  today: string,
): Promise<PseudonymisedRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      select p.id as person_id, p.pseudonym::text as pseudonym, p.gender,
             ${ageGroupSql(scope, sql`p.birth_year`)} as age_group, p.country,
             coalesce(pa.stakeholder_type, p.stakeholder_type) as stakeholder_type,
             (c.id is not null) as shared,
             case when c.id is not null then nullif(trim(p.community), '') end as community,
             case when c.id is not null then p.displacement_status end as displacement_status,
             a.id as activity_id, a.kind as activity_kind, a.start_date::text as activity_date,
             a.country as activity_country, pa.role, pa.status, o.kind as organization_kind
      from activities a
      join participations pa on pa.activity_id = a.id
      join people p on p.id = pa.person_id
      left join organizations o on o.id = pa.organization_id
      left join consents c on c.person_id = p.id and c.purpose = 'donor_sharing' and c.status = 'given'
      where ${activityConditions(scope, today)} and pa.status not in ('nominated', 'declined')
      order by a.start_date, a.id, p.pseudonym`),
  );
  return rows.map((row) => ({
    personId: Number(row.person_id),
    pseudonym: String(row.pseudonym),
    gender: (row.gender as string | null) ?? null,
    ageGroup: String(row.age_group),
    country: (row.country as string | null) ?? null,
    stakeholderType: String(row.stakeholder_type),
    shared: row.shared === true || row.shared === "t",
    community: (row.community as string | null) ?? null,
    displacementStatus: (row.displacement_status as string | null) ?? null,
    activityId: Number(row.activity_id),
    activityKind: String(row.activity_kind),
    activityDate: String(row.activity_date),
    activityCountry: (row.activity_country as string | null) ?? null,
    role: String(row.role),
    status: String(row.status),
    organizationKind: (row.organization_kind as string | null) ?? null,
  }));
}

/** The fields whose small groups are hidden, each with how a row holds it. */
export const suppressedFields = {
  community: (row: PseudonymisedRow) => row.community,
  displacementStatus: (row: PseudonymisedRow) => row.displacementStatus,
  country: (row: PseudonymisedRow) => row.country,
  // "Not known" is no group anyone belongs to.
  ageGroup: (row: PseudonymisedRow) => (row.ageGroup === "unknown" ? null : row.ageGroup),
} as const;
export type SuppressedField = keyof typeof suppressedFields;

/** Per field, the values held by fewer than `smallGroup` distinct people in the rows. */
export function smallGroups(rows: PseudonymisedRow[]): Record<SuppressedField, Set<string>> {
  const fields = Object.keys(suppressedFields) as SuppressedField[];
  return Object.fromEntries(
    fields.map((field) => {
      const holders = new Map<string, Set<number>>();
      for (const row of rows) {
        const value = suppressedFields[field](row);
        if (value === null) continue;
        const people = holders.get(value) ?? new Set<number>();
        people.add(row.personId);
        holders.set(value, people);
      }
      const small = [...holders].filter(([, people]) => people.size < smallGroup).map(([value]) => value);
      return [field, new Set(small)];
    }),
  ) as Record<SuppressedField, Set<string>>;
}

/** The rows as a list to download: words in the reader's language, the markers for withheld and hidden values. */
export function pseudonymisedList(
  rows: PseudonymisedRow[],
  scope: ReportScope,
  i18n: Translator,
): ListExport {
  const { t } = i18n;
  const small = smallGroups(rows);
  const suppressed = t("pseudonymised.suppressed", { count: smallGroup });
  const notShared = t("pseudonymised.notShared");
  /** A value of a field with small groups: hidden when its group is small, else in words. */
  const guarded = (field: SuppressedField, value: string | null, words: (value: string) => string) =>
    value === null ? null : small[field].has(value) ? suppressed : words(value);
  const country = (code: string) => countryName(code, i18n.locale);
  return {
    entityType: "pseudonymised",
    fileName: `pseudonymised-${scope.from}-${scope.to}.csv`,
    personIds: [...new Set(rows.map((row) => row.personId))],
    headers: [
      t("pseudonymised.pseudonym"),
      t("field.gender"),
      t("reports.ageGroup"),
      t("field.country"),
      t("reports.stakeholderTypeThen"),
      t("field.community"),
      t("field.displacementStatus"),
      t("pseudonymised.activity"),
      t("pseudonymised.activityKind"),
      t("pseudonymised.activityDate"),
      t("pseudonymised.activityCountry"),
      t("field.role"),
      t("field.status"),
      t("reports.orgKind"),
    ],
    rows: rows.map((row) => [
      row.pseudonym,
      row.gender && t(`gender.${row.gender}` as never),
      row.ageGroup === "unknown"
        ? t("reports.age.unknown")
        : guarded("ageGroup", row.ageGroup, (key) => t(`reports.age.${key}` as never)),
      guarded("country", row.country, country),
      t(`stakeholderType.${row.stakeholderType}` as never),
      row.shared ? guarded("community", row.community, (value) => value) : notShared,
      row.shared
        ? guarded("displacementStatus", row.displacementStatus, (key) => t(`displacement.${key}` as never))
        : notShared,
      row.activityId,
      t(`activityKind.${row.activityKind}` as never),
      row.activityDate,
      row.activityCountry && country(row.activityCountry),
      t(`participationRole.${row.role}` as never),
      t(`participationStatus.${row.status}` as never),
      row.organizationKind && t(`orgKind.${row.organizationKind}` as never),
    ]),
  };
}
