/** The activity form and the activity list's filters; errors are message keys shown beside each field. */
import { z } from "zod";
import { activityKinds, activityStatuses } from "../db/schema/enums";
import { country, isCalendarDate, optionalText, recordId, requiredText, textList } from "../directory/fields";
import { countryCode } from "../text/country";

/** An id chosen in a select, or none ("" is the select's "none"). */
const optionalId = z
  .string()
  .default("")
  .transform((value, ctx) => {
    if (value === "") return null;
    const id = recordId.safeParse(value);
    if (!id.success) ctx.addIssue({ code: "custom", message: "form.choose" });
    return id.success ? id.data : null;
  });

export const activitySchema = z
  .object({
    title: requiredText(300),
    kind: z.enum(activityKinds, { message: "form.choose" }),
    status: z.enum(activityStatuses, { message: "form.choose" }).default("planned"),
    programmeId: optionalId,
    focusAreaId: optionalId,
    startDate: z
      .string()
      .default("")
      .transform((value) => value.trim())
      .refine((value) => value !== "", "form.required")
      .refine((value) => value === "" || isCalendarDate(value), "form.date"),
    endDate: z
      .string()
      .default("")
      .transform((value) => value.trim())
      .refine((value) => value === "" || isCalendarDate(value), "form.date")
      .transform((value) => (value === "" ? null : value)),
    country,
    city: optionalText(120),
    venue: optionalText(300),
    targetGroups: textList(20, 100),
    description: optionalText(5000),
    outcomes: optionalText(5000),
  })
  .superRefine((form, ctx) => {
    if (form.endDate && form.endDate < form.startDate) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "form.endBeforeStart" });
    }
  });

export type ActivityInput = z.output<typeof activitySchema>;

const optionalFilterId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);

export const activityFiltersSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  programme: optionalFilterId,
  focusArea: optionalFilterId,
  kind: z.enum(activityKinds).optional().catch(undefined),
  status: z.enum(activityStatuses).optional().catch(undefined),
  country: z
    .string()
    .transform((value) => countryCode(value) ?? undefined)
    .optional()
    .catch(undefined),
  year: z.coerce.number().int().min(1900).max(2200).optional().catch(undefined),
  partner: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type ActivityFilters = z.output<typeof activityFiltersSchema>;

/** The calendar takes the list's filters that make sense for a month. */
export const calendarFiltersSchema = activityFiltersSchema.pick({
  programme: true,
  kind: true,
  status: true,
  country: true,
});
export type CalendarFilters = z.output<typeof calendarFiltersSchema>;
