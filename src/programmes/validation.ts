/** The programme and focus-area forms: one schema each, errors as message keys. */
import { z } from "zod";
import { optionalDate, optionalText, recordId, requiredText, textList } from "../directory/fields";

export const programmeSchema = z
  .object({
    name: requiredText(300),
    description: optionalText(5000),
    startDate: optionalDate,
    endDate: optionalDate,
    funders: textList(50, 200),
  })
  .refine((form) => !form.startDate || !form.endDate || form.endDate >= form.startDate, {
    message: "form.endBeforeStart",
    path: ["endDate"],
  });

export type ProgrammeInput = z.output<typeof programmeSchema>;

export const focusAreaSchema = z.object({
  name: requiredText(200),
  description: optionalText(2000),
});

export type FocusAreaInput = z.output<typeof focusAreaSchema>;

/** An id from the path; anything else (letters, zero, too large) is no record at all. */
export function pathId(value: string | undefined): number | undefined {
  const parsed = recordId.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
