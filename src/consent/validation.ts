/**
 * Consent per purpose (decision 24): the names each purpose goes by, and the consent form's schema. The form sets all
 * four purposes at once; "unknown" (not recorded) removes a purpose's answer. Every error is a message key.
 */
import { z } from "zod";
import {
  consentMethods,
  consentPurposes,
  consentStatuses,
  recordedConsentStatuses,
} from "../db/schema/enums";
import { isCalendarDate } from "../directory/fields";
import { limits } from "../directory/limits";

export type ConsentPurpose = (typeof consentPurposes)[number];
export type RecordedConsentStatus = (typeof recordedConsentStatuses)[number];
export type ConsentMethod = (typeof consentMethods)[number];
export { consentMethods, consentPurposes, recordedConsentStatuses };

/** An answer as kept: what, when, how (the row's own note aside). */
export type ConsentAnswer = {
  status: RecordedConsentStatus;
  givenOn: string | null;
  method: ConsentMethod | null;
  note: string | null;
};

/**
 * The name a purpose's answer goes by as a field: in audit events and the history (`field.<name>` labels it), and as
 * a change an import previews ("consentPhotos").
 */
export const consentField: Record<ConsentPurpose, string> = {
  participation: "consentParticipation",
  contact: "consentContact",
  photos: "consentPhotos",
  donor_sharing: "consentDonorSharing",
};

export function isConsentField(field: string): boolean {
  return Object.values(consentField).includes(field);
}

/** The form's field names of one purpose: `photos-status`, `photos-givenOn`, … */
export const formField = (
  purpose: ConsentPurpose,
  part: "status" | "givenOn" | "method" | "note" | "version",
) => `${purpose}-${part}`;

/** A day later than today anywhere in the programme's time zone is in the future. */
function dateField(today: string) {
  return z
    .string()
    .default("")
    .transform((value) => value.trim())
    .refine((value) => value === "" || isCalendarDate(value), "form.date")
    .refine((value) => value === "" || value <= today, "consent.dateInFuture")
    .transform((value) => (value === "" ? null : value));
}

/** How an answer was given; empty: not said. */
const methodField = z
  .enum(["", ...consentMethods], { message: "form.choose" })
  .default("")
  .transform((value) => (value === "" ? null : value));

/**
 * Which answer a purpose had when the form was opened: its row and that row's version ("12.3"), or "0" for none. The
 * row is part of it because removing an answer deletes its row, and a new answer starts again at version 1: a form
 * from before must not pass for the new one.
 */
export function answerToken(stored: { id: number; version: number } | undefined): string {
  return stored ? `${stored.id}.${stored.version}` : "0";
}

const openedAnswer = z
  .string()
  .default("")
  .transform((value) => value.trim())
  .refine((value) => /^(0|[1-9]\d{0,9}\.[1-9]\d{0,9})$/.test(value), "form.required");

export type ConsentChoice = {
  status: (typeof consentStatuses)[number];
  givenOn: string | null;
  method: ConsentMethod | null;
  note: string | null;
  /** The answer the form was opened at (`answerToken`). */
  version: string;
};
export type ConsentFormInput = Record<ConsentPurpose, ConsentChoice>;

/**
 * The whole form: for each purpose its answer (or "unknown": not recorded), the day (empty: today), how it was given
 * (empty: not said), a note, and the version it was opened at. `today` is the programme's day.
 */
export function consentFormSchema(today: string) {
  const shape: Record<string, z.ZodType> = {};
  for (const purpose of consentPurposes) {
    shape[formField(purpose, "status")] = z.enum(consentStatuses, { message: "form.choose" });
    shape[formField(purpose, "givenOn")] = dateField(today);
    shape[formField(purpose, "method")] = methodField;
    shape[formField(purpose, "note")] = z
      .string()
      .default("")
      .transform((value) => value.normalize("NFC").trim())
      .refine((value) => value.length <= limits.consentNote, "form.tooLong")
      .transform((value) => (value === "" ? null : value));
    shape[formField(purpose, "version")] = openedAnswer;
  }
  return z.object(shape).transform((form): ConsentFormInput => {
    const values = form as Record<string, unknown>;
    const choice = (purpose: ConsentPurpose): ConsentChoice => {
      const status = values[formField(purpose, "status")] as ConsentChoice["status"];
      const recorded = status !== "unknown";
      return {
        status,
        // An answer recorded without a day was given today; an answer removed keeps nothing.
        givenOn: recorded ? ((values[formField(purpose, "givenOn")] as string | null) ?? today) : null,
        method: recorded ? (values[formField(purpose, "method")] as ConsentMethod | null) : null,
        note: recorded ? (values[formField(purpose, "note")] as string | null) : null,
        version: values[formField(purpose, "version")] as string,
      };
    };
    return {
      participation: choice("participation"),
      contact: choice("contact"),
      photos: choice("photos"),
      donor_sharing: choice("donor_sharing"),
    };
  });
}

/**
 * The roster's form: one purpose, its answer (given, refused or withdrawn: removing answers is the person's own form's
 * work), how and when (empty: today), for the ticked rows (`participationIds`). Named apart from the roster's other
 * forms' fields (a status, a date), which share the page.
 */
const maxTickedRows = 5000;

export function bulkConsentSchema(today: string) {
  return z.object({
    consentPurpose: z.enum(consentPurposes, { message: "form.choose" }),
    consentStatus: z.enum(recordedConsentStatuses, { message: "form.choose" }),
    consentMethod: methodField,
    consentGivenOn: dateField(today).transform((value) => value ?? today),
    participationIds: z
      .string()
      .default("")
      .transform((value) => [
        ...new Set(
          value
            .split(",")
            .map((item) => Number(item.trim()))
            .filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647),
        ),
      ])
      .refine((ids) => ids.length > 0, "consent.noneTicked")
      // More rows than a roster holds: refused before it reaches the database (one parameter per id there).
      .refine((ids) => ids.length <= maxTickedRows, "consent.tooManyTicked"),
  });
}

export type BulkConsentInput = z.output<ReturnType<typeof bulkConsentSchema>>;
