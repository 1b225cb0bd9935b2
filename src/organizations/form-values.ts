/** Between a stored organisation and the text of its form: filling the form, and naming what changed in a conflict. */
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import type { FormValues } from "../web/form";
import { editableFields, type Organization } from "./queries";
import type { OrganizationInput } from "./validation";

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

function display(value: unknown): string {
  return Array.isArray(value) ? value.join(", ") : value == null ? "" : String(value);
}

/** The fields whose stored value differs from what the user submitted, with the stored value. */
export function changedMeanwhile(current: Organization, submitted: OrganizationInput, i18n: Translator) {
  const stored = editableFields(current);
  return (Object.keys(stored) as (keyof OrganizationInput)[])
    .filter((key) => display(stored[key]) !== display(submitted[key]))
    .map((key) => ({ label: i18n.t(`field.${key}`), value: display(stored[key]) }));
}
