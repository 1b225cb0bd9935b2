/** The roster's forms: a row's role, status and scores; the row's edit form with its snapshot; a pasted list; a new person. */
import { z } from "zod";
import { participationRoles, participationStatuses, stakeholderTypes } from "../db/schema/enums";
import { email, optionalText, requiredText } from "../directory/fields";

/** An assessment score, 0 to 1000, with a decimal point or comma ("7,5" as typed in Russian); empty is none. */
function readScore(value: string, ctx: z.RefinementCtx): number | null {
  const typed = value.trim().replace(",", ".");
  if (typed === "") return null;
  const number = Number(typed);
  if (!/^\d+(\.\d{1,2})?$/.test(typed) || number > 1000) {
    ctx.addIssue({ code: "custom", message: "participants.score" });
  }
  return number;
}

const score = z.string().default("").transform(readScore);
/** A score field the form may not have (staff's rows send the status only): absent stays absent, not "no score". */
const scoreIfSent = z
  .string()
  .optional()
  .transform((value, ctx) => (value === undefined ? undefined : readScore(value, ctx)));

const role = z.enum(participationRoles, { message: "form.choose" });
const status = z.enum(participationStatuses, { message: "form.choose" });

/** A roster row as staff change it inline: the status; those who manage rosters also send role and scores. */
export const rowSchema = z.object({
  status,
  role: role.optional(),
  preScore: scoreIfSent,
  postScore: scoreIfSent,
});

export const participationSchema = z.object({
  organization: optionalText(300),
  stakeholderType: z
    .union([z.literal(""), z.enum(stakeholderTypes, { message: "form.choose" })])
    .default("")
    .transform((value) => (value === "" ? null : value)),
  role,
  status,
  preScore: score,
  postScore: score,
});

export type ParticipationInput = z.output<typeof participationSchema>;

/** What new rows get: a role and a status (participant, registered unless chosen). */
export const newRowsSchema = z.object({
  role: role.default("participant"),
  status: status.default("registered"),
});

/** Also in the words of `participants.tooManyLines` (a field error carries no numbers). */
export const maxPastedLines = 500;

/** A pasted list: one person per line (a name, an email, or both); blank lines skipped. */
export const pastedListSchema = z.object({
  list: z
    .string()
    .default("")
    .transform((value) =>
      value
        .normalize("NFC")
        .split(/\r?\n|;/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .refine((lines) => lines.length > 0, "form.required")
    .refine((lines) => lines.length <= maxPastedLines, "participants.tooManyLines")
    .refine((lines) => lines.every((line) => line.length <= 300), "form.tooLong"),
});

/** Someone not yet in the directory, added to the directory and the roster at once. */
export const newPersonSchema = z.object({
  fullName: requiredText(200),
  email,
  organization: optionalText(300),
  stakeholderType: z.enum(stakeholderTypes, { message: "form.choose" }),
  role,
  status,
});

export type NewPersonInput = z.output<typeof newPersonSchema>;
