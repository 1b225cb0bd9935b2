/** The organisation form: one schema, also used by the importer, so "a valid organisation" is defined once. */
import { z } from "zod";
import { communitiesServed, organizationKinds } from "../db/schema/enums";
import {
  choiceList,
  country,
  email,
  optionalText,
  requiredText,
  textList,
  website,
} from "../directory/fields";
import { countryCode } from "../text/country";
import { normalizePhone } from "../text/phone";

export const organizationSchema = z
  .object({
    name: requiredText(300),
    kind: z.enum(organizationKinds, { message: "form.choose" }),
    country,
    city: optionalText(120),
    address: optionalText(500),
    website,
    email,
    phone: optionalText(60),
    sectors: textList(),
    communitiesServed: choiceList(communitiesServed),
    description: optionalText(5000),
    tags: textList(),
  })
  // The phone is read with the organisation's own country as its default region.
  .transform((form) => ({
    ...form,
    phone: form.phone ? normalizePhone(form.phone, form.country ?? undefined).value : null,
  }));

export type OrganizationInput = z.output<typeof organizationSchema>;

export const organizationFiltersSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  kind: z.enum(organizationKinds).optional().catch(undefined),
  // A country typed by name in any of our languages, or by code.
  country: z
    .string()
    .transform((value) => countryCode(value) ?? undefined)
    .optional()
    .catch(undefined),
  tag: z.string().trim().max(100).optional().catch(undefined),
  archived: z.enum(["only", "include"]).optional().catch(undefined),
  sort: z.enum(["name", "updated"]).catch("name"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type OrganizationFilters = z.output<typeof organizationFiltersSchema>;
