/** A stored person as the text of their form. */
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import type { FormValues } from "../web/form";
import type { Person } from "./queries";

export function personFormValues(record: Person, i18n: Translator): FormValues {
  return {
    version: String(record.version),
    fullName: record.fullName,
    otherNames: record.otherNames.join(", "),
    gender: record.gender ?? "",
    birthYear: record.birthYear ? String(record.birthYear) : "",
    stakeholderType: record.stakeholderType,
    email: record.email ?? "",
    phone: record.phone ?? "",
    city: record.city ?? "",
    country: record.country ? countryName(record.country, i18n.locale) : "",
    languages: record.languages.join(", "),
    tags: record.tags.join(", "),
    notes: record.notes ?? "",
    community: record.community ?? "",
    displacementStatus: record.displacementStatus ?? "",
  };
}
