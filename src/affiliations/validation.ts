/** The affiliation form: which organisation (by name), the position and kind, the dates, whether it is the main one. */
import { z } from "zod";
import { affiliationKinds } from "../db/schema/enums";
import { optionalDate, optionalText, requiredText } from "../directory/fields";
import { limits } from "../directory/limits";

export const affiliationSchema = z
  .object({
    organization: requiredText(limits.organizationName),
    position: optionalText(limits.position),
    kind: z.enum(affiliationKinds, { message: "form.choose" }),
    startDate: optionalDate,
    endDate: optionalDate,
    isPrimary: z
      .string()
      .default("")
      .transform((value) => value === "on"),
  })
  .refine((form) => !form.startDate || !form.endDate || form.endDate >= form.startDate, {
    message: "form.endBeforeStart",
    path: ["endDate"],
  });

export type AffiliationInput = z.output<typeof affiliationSchema>;
export const endAffiliationSchema = z.object({
  endDate: optionalDate.refine((value) => value !== null, "form.required"),
});
