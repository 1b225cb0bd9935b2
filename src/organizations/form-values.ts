/** Between a stored organisation and the text of its form: filling the form, and naming what changed in a conflict. */
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import type { FormValues } from "../web/form";
import type { Organization } from "./queries";

export function organizationFormValues(record: Organization, i18n: Translator): FormValues {
  return {
    version: String(record.version),
    name: record.name,
    kind: record.kind,
    country: record.country ? countryName(record.country, i18n.locale) : "",
    city: record.city ?? "",
    address: record.address ?? "",
    website: record.website ?? "",
    email: record.email ?? "",
    phone: record.phone ?? "",
    sectors: record.sectors.join(", "),
    communitiesServed: record.communitiesServed.join(","),
    description: record.description ?? "",
    tags: record.tags.join(", "),
  };
}
