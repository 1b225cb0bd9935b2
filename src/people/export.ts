/** The people list as CSV: the columns the list shows, every matching record. */
import type { Db } from "../db/client";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { listPeople } from "./queries";
import type { PeopleFilters } from "./validation";

export async function peopleCsv(db: Db, filters: PeopleFilters, i18n: Translator) {
  const { t } = i18n;
  const { rows } = await listPeople(db, filters, true);
  return {
    entityType: "person",
    fileName: `${t("people.title")}.csv`,
    headers: [
      t("field.fullName"),
      t("field.otherNames"),
      t("field.stakeholderType"),
      t("field.country"),
      t("field.city"),
      t("field.email"),
    ],
    rows: rows.map((row) => [
      row.fullName,
      row.otherNames,
      t(`stakeholderType.${row.stakeholderType}`),
      row.country ? countryName(row.country, i18n.locale) : null,
      row.city,
      row.email,
    ]),
  };
}
