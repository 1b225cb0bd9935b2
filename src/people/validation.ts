/** The person form: one schema (also for the importer). Community and displacement are sensitive: coordinators only. */
import { z } from "zod";
import { displacementStatuses, genders, stakeholderTypes } from "../db/schema/enums";
import {
  country,
  directoryFiltersSchema,
  email,
  optionalText,
  requiredText,
  textList,
} from "../directory/fields";
import { limits } from "../directory/limits";
import { normalizePhone } from "../text/phone";

const optionalChoice = <const T extends readonly [string, ...string[]]>(choices: T) =>
  z
    .union([z.literal(""), z.enum(choices, { message: "form.choose" })])
    .default("")
    .transform((value) => (value === "" ? null : value));

const birthYear = z
  .string()
  .default("")
  .transform((value, ctx) => {
    if (value.trim() === "") return null;
    const year = Number(value.trim());
    if (!Number.isInteger(year) || year < 1900 || year > new Date().getFullYear()) {
      ctx.addIssue({ code: "custom", message: "form.birthYear" });
    }
    return year;
  });

export const personSchema = z
  .object({
    fullName: requiredText(limits.personName),
    otherNames: textList(limits.otherNames.items, limits.otherNames.length),
    gender: optionalChoice(genders),
    birthYear,
    stakeholderType: z.enum(stakeholderTypes, { message: "form.choose" }),
    email,
    phone: optionalText(limits.phone),
    city: optionalText(limits.city),
    country,
    languages: textList(limits.languages.items, limits.languages.length),
    tags: textList(),
    notes: optionalText(limits.notes),
    community: optionalText(limits.community),
    displacementStatus: optionalChoice(displacementStatuses),
  })
  // The phone is read with the person's own country as its default region.
  .transform((form) => ({
    ...form,
    phone: form.phone ? normalizePhone(form.phone, form.country ?? undefined).value : null,
  }));

export type PersonInput = z.output<typeof personSchema>;
export const sensitivePersonFields = ["community", "displacementStatus"] as const;

export const peopleFiltersSchema = directoryFiltersSchema.extend({
  stakeholderType: z.enum(stakeholderTypes).optional().catch(undefined),
  community: z.string().trim().max(120).optional().catch(undefined),
});

export type PeopleFilters = z.output<typeof peopleFiltersSchema>;

/** The list's filters from its query string; community is sensitive, so it filters only for those who may see it. */
export function parsePeopleFilters(query: Record<string, string>, withSensitive: boolean): PeopleFilters {
  const filters = peopleFiltersSchema.parse(query);
  return withSensitive ? filters : { ...filters, community: undefined };
}
