/**
 * The organisations list as a download: every matching record with every field an import takes, headed as the
 * importer reads them (in the reader's language), so a file exported and imported again changes nothing.
 */
import { asc } from "drizzle-orm";
import type { Db } from "../db/client";
import { organizations } from "../db/schema";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { planOrganizationList } from "./queries";
import type { OrganizationFilters } from "./validation";

export async function organizationsCsv(db: Db, filters: OrganizationFilters, i18n: Translator) {
  const { t } = i18n;
  const plan = await planOrganizationList(db, filters, true);
  const rows = await db
    .select()
    .from(organizations)
    .where(plan.where)
    .orderBy(...plan.order, asc(organizations.id));
  return {
    entityType: "organization",
    fileName: `${t("organizations.title")}.csv`,
    headers: [
      t("importField.name"),
      t("importField.type"),
      t("importField.country"),
      t("importField.city"),
      t("importField.address"),
      t("importField.website"),
      t("importField.email"),
      t("importField.phone"),
      t("importField.sectors"),
      t("importField.communities"),
      t("importField.tags"),
      t("importField.notes"),
    ],
    rows: rows.map((row) => [
      row.name,
      t(`orgKind.${row.kind}`),
      row.country ? countryName(row.country, i18n.locale) : null,
      row.city,
      row.address,
      row.website,
      row.email,
      row.phone,
      row.sectors,
      row.communitiesServed.map((community) => t(`community.${community}`)),
      row.tags,
      row.description,
    ]),
  };
}
