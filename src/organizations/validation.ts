/** The organisation form: one schema, also used by the importer, so "a valid organisation" is defined once. */
import { z } from "zod";
import { communitiesServed, organizationKinds } from "../db/schema/enums";
import {
  choiceList,
  country,
  directoryFiltersSchema,
  email,
  optionalText,
  requiredText,
  textList,
  website,
} from "../directory/fields";
import { limits } from "../directory/limits";
import { normalizePhone } from "../text/phone";

export const organizationSchema = z
  .object({
    name: requiredText(limits.organizationName),
    kind: z.enum(organizationKinds, { message: "form.choose" }),
    country,
    city: optionalText(limits.city),
    address: optionalText(limits.address),
    website,
    email,
    phone: optionalText(limits.phone),
    sectors: textList(),
    communitiesServed: choiceList(communitiesServed),
    description: optionalText(limits.notes),
    tags: textList(),
  })
  // The phone is read with the organisation's own country as its default region.
  .transform((form) => ({
    ...form,
    phone: form.phone ? normalizePhone(form.phone, form.country ?? undefined).value : null,
  }));

export type OrganizationInput = z.output<typeof organizationSchema>;

export const organizationFiltersSchema = directoryFiltersSchema.extend({
  kind: z.enum(organizationKinds).optional().catch(undefined),
  community: z.enum(communitiesServed).optional().catch(undefined),
});

export type OrganizationFilters = z.output<typeof organizationFiltersSchema>;
