/**
 * The people list as a download: every matching record with every field an import takes, headed as the importer
 * reads them (in the reader's language), so a file exported and imported again changes nothing: with each purpose's
 * consent (its answer, which the import reads back, and its day); and, for those who may see them, the sensitive
 * fields (which the import leaves alone).
 */
import { asc, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { consents, people } from "../db/schema";
import { consentPurposes } from "../db/schema/enums";
import { showValue } from "../directory/records";
import type { Translator } from "../i18n";
import { planPeopleList } from "./queries";
import type { PeopleFilters } from "./validation";

/**
 * The organisation a person is with now, the main one first, and their position there. (The person's id is written
 * out whole: drizzle leaves a single table's columns unqualified, which inside this subquery would be ambiguous.)
 */
const currentAffiliation = sql<{ organization: string | null; position: string | null } | null>`(
  select json_build_object('organization', o.name, 'position', a.position)
  from affiliations a join organizations o on o.id = a.organization_id
  where a.person_id = "people"."id" and a.end_date is null
  order by a.is_primary desc, a.start_date desc nulls last, a.id
  limit 1
)`;

/** The person's consent by purpose (src/consent): each answer and its day. */
const consentsOf = sql<Record<string, { status: string; givenOn: string | null }> | null>`(
  select json_object_agg(c.purpose, json_build_object('status', c.status, 'givenOn', c.given_on))
  from ${consents} c where c.person_id = "people"."id"
)`;

export async function peopleCsv(db: Db, filters: PeopleFilters, i18n: Translator, sensitive: boolean) {
  const { t } = i18n;
  const plan = await planPeopleList(db, filters, true);
  const rows = await db
    .select({ person: people, affiliation: currentAffiliation, consent: consentsOf })
    .from(people)
    .where(plan.where)
    .orderBy(...plan.order, asc(people.id));
  // Codes in words and countries by name, as the record's page shows them (and the importer reads them back).
  const shown = (field: string, value: string | null) => showValue(i18n, field, value) || null;
  const headers = [
    t("importField.full_name"),
    t("field.otherNames"),
    t("importField.email"),
    t("importField.phone"),
    t("importField.gender"),
    t("importField.birth_year"),
    t("importField.stakeholder_type"),
    t("importField.organization"),
    t("importField.position"),
    t("importField.city"),
    t("importField.country"),
    t("importField.languages"),
    t("importField.tags"),
    t("importField.notes"),
    ...consentPurposes.flatMap((purpose) => [
      t(`importField.consent_${purpose}`),
      t("consent.dateOf", { purpose: t(`consentPurpose.${purpose}`) }),
    ]),
    ...(sensitive ? [t("field.community"), t("field.displacementStatus")] : []),
  ];
  return {
    entityType: "person",
    fileName: `${t("people.title")}.csv`,
    personIds: rows.map(({ person }) => person.id),
    headers,
    rows: rows.map(({ person, affiliation, consent }) => [
      person.fullName,
      person.otherNames,
      person.email,
      person.phone,
      shown("gender", person.gender),
      person.birthYear,
      shown("stakeholderType", person.stakeholderType),
      affiliation?.organization ?? null,
      affiliation?.position ?? null,
      person.city,
      shown("country", person.country),
      person.languages,
      person.tags,
      person.notes,
      ...consentPurposes.flatMap((purpose) => {
        const answer = consent?.[purpose];
        return [answer ? t(`consent.${answer.status as "given"}`) : null, answer?.givenOn ?? null];
      }),
      ...(sensitive ? [person.community, shown("displacementStatus", person.displacementStatus)] : []),
    ]),
  };
}
