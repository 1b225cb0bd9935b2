/** The organisations list as CSV: the columns the list shows, every matching record. */
import type { Db } from "../db/client";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { listOrganizations } from "./queries";
import type { OrganizationFilters } from "./validation";

export async function organizationsCsv(db: Db, filters: OrganizationFilters, i18n: Translator) {
  const { t } = i18n;
  const { rows } = await listOrganizations(db, filters, true);
  return {
    entityType: "organization",
    fileName: `${t("organizations.title")}.csv`,
    headers: [t("field.name"), t("field.kind"), t("field.country"), t("field.city"), t("field.tags")],
    rows: rows.map((row) => [
      row.name,
      t(`orgKind.${row.kind}`),
      row.country ? countryName(row.country, i18n.locale) : null,
      row.city,
      row.tags,
    ]),
  };
}
