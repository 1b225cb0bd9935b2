/** The contact form, the follow-up form and the contact log's filters; where a form may send the user back to. */
import { z } from "zod";
import { interactionKinds } from "../db/schema/enums";
import { isCalendarDate, optionalDate, optionalText, recordId, requiredText } from "../directory/fields";

/** Ids from checkboxes (joined by commas); anything that is not an id is dropped: the boxes are ours. */
const idList = z
  .string()
  .default("")
  .transform((value) => [
    ...new Set(
      value
        .split(",")
        .map((item) => recordId.safeParse(item.trim()))
        .flatMap((item) => (item.success ? [item.data] : [])),
    ),
  ]);

/** "Name; name@example.org; …": the entries typed, trimmed, without blanks or repeats. */
const nameList = z
  .string()
  .default("")
  .transform((value) => [
    ...new Set(
      value
        .normalize("NFC")
        .split(";")
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ])
  .refine((items) => items.length <= 50 && items.every((item) => item.length <= 300), "form.tooLong");

export const interactionSchema = z.object({
  kind: z.enum(interactionKinds, { message: "form.choose" }),
  occurredAt: requiredText(40),
  personIds: idList,
  organizationIds: idList,
  activityId: z
    .string()
    .default("")
    .transform((value) => {
      const id = recordId.safeParse(value);
      return id.success ? id.data : null;
    }),
  people: nameList,
  organizations: nameList,
  subject: requiredText(200),
  notes: optionalText(5000),
  followUpDue: optionalDate,
  followUpAssigneeId: z
    .string()
    .default("")
    .transform((value) => {
      const id = recordId.safeParse(value);
      return id.success ? id.data : null;
    }),
  followUpNote: optionalText(1000),
});

export type InteractionInput = z.output<typeof interactionSchema>;

/** Reassigning and rescheduling a follow-up: both are needed (an open follow-up has a day and someone). */
export const followUpMoveSchema = z.object({
  followUpDue: z
    .string()
    .default("")
    .transform((value) => value.trim())
    .refine((value) => value !== "", "form.required")
    .refine((value) => value === "" || isCalendarDate(value), "form.date"),
  followUpAssigneeId: recordId.catch(0).refine((id) => id > 0, "form.choose"),
});

/** A NUL or another control character: no address has one, and a Location header refuses it. */
const hasControlCharacter = (value: string) =>
  [...value].some((char) => (char.codePointAt(0) ?? 0) < 0x20 || char.codePointAt(0) === 0x7f);

/** A path on this site ("/people/5"), never another site ("//evil.example", "/\\evil.example", "https://…"). */
export function localPath(value: string | undefined): string | null {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  if (value.length > 500 || /[\s\\]/.test(value) || hasControlCharacter(value)) return null;
  return value;
}

const optionalId = recordId.optional().catch(undefined);
const optionalDay = optionalDate.transform((value) => value ?? undefined).catch(undefined);

/** The contact log's filters from the URL: anything malformed is left out, never an error. */
export const interactionFiltersSchema = z.object({
  person: z.string().trim().max(300).catch(""),
  organization: z.string().trim().max(300).catch(""),
  kind: z.enum(interactionKinds).optional().catch(undefined),
  loggedBy: optionalId,
  from: optionalDay,
  to: optionalDay,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type InteractionFilters = z.output<typeof interactionFiltersSchema>;

export function parseInteractionFilters(query: Record<string, string>): InteractionFilters {
  return interactionFiltersSchema.parse({ person: "", organization: "", page: "1", ...query });
}
