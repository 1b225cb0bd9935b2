/** Form fields shared by people and organisations: trimmed text, lists, country, email, website; errors are message keys. */
import { z } from "zod";
import { countryCode } from "../text/country";
import { normalizeWebsite } from "../text/website";
import { limits } from "./limits";

/** Free text: trimmed, NFC, empty becomes null, too long is refused. */
export function optionalText(max: number) {
  return z
    .string()
    .default("")
    .transform((value) => value.normalize("NFC").trim())
    .refine((value) => value.length <= max, "form.tooLong")
    .transform((value) => (value === "" ? null : value));
}

export function requiredText(max: number) {
  return z
    .string()
    .default("")
    .transform((value) => value.normalize("NFC").trim())
    .refine((value) => value.length > 0, "form.required")
    .refine((value) => value.length <= max, "form.tooLong");
}

/** "a, b; c" → ["a", "b", "c"]: split on commas and semicolons, trimmed, without blanks or repeats. */
export function textList(maxItems: number = limits.list.items, maxLength: number = limits.list.length) {
  return z
    .string()
    .default("")
    .transform((value) => [
      ...new Set(
        value
          .normalize("NFC")
          .split(/[,;]/)
          .map((item) => item.trim())
          .filter(Boolean),
      ),
    ])
    .refine(
      (items) => items.length <= maxItems && items.every((item) => item.length <= maxLength),
      "form.tooLong",
    );
}

/** Values from a fixed vocabulary (checkboxes arrive joined by commas). */
export function choiceList<const T extends readonly string[]>(choices: T) {
  return z
    .string()
    .default("")
    .transform((value) => value.split(",").filter(Boolean))
    .refine((items) => items.every((item) => choices.includes(item)), "form.choose")
    .transform((items) => [...new Set(items)] as T[number][]);
}

/** A country typed or chosen by name in any of our languages, or by code: stored as ISO alpha-2. */
export const country = z
  .string()
  .default("")
  .transform((value, ctx) => {
    if (value.trim() === "") return null;
    const code = countryCode(value);
    if (!code) ctx.addIssue({ code: "custom", message: "form.country" });
    return code;
  });

/**
 * Why a trimmed, lower-cased email cannot be stored, or null: the rule forms and imports share (zod's own email
 * pattern, tested directly: an import checks 100,000 of them).
 */
export function emailProblem(value: string): "form.email" | "form.tooLong" | null {
  if (!z.regexes.email.test(value)) return "form.email";
  return value.length > 254 ? "form.tooLong" : null;
}

export const email = z
  .string()
  .default("")
  .transform((value) => value.trim().toLowerCase())
  .superRefine((value, ctx) => {
    const problem = value === "" ? null : emailProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => (value === "" ? null : value));

export const website = z
  .string()
  .default("")
  .transform((value, ctx) => {
    if (value.trim() === "") return null;
    const url = normalizeWebsite(value);
    if (!url) ctx.addIssue({ code: "custom", message: "form.website" });
    return url;
  });

/** A real calendar day, YYYY-MM-DD, between 1800 and 2200 (no 30 February: Date.parse would roll it over). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const day = new Date(`${value}T00:00:00Z`);
  return (
    year >= 1800 && year <= 2200 && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value
  );
}

/** A calendar date as YYYY-MM-DD (what <input type="date"> sends); empty becomes null. */
export const optionalDate = z
  .string()
  .default("")
  .transform((value) => value.trim())
  .refine((value) => value === "" || isCalendarDate(value), "form.date")
  .transform((value) => (value === "" ? null : value));

/** The optimistic-lock version the form was opened at. */
export const version = z.coerce.number().int().positive();

export const recordId = z.coerce.number().int().positive().max(2_147_483_647);

/** The query parameters every directory list takes (each list extends it with its own filter). */
export const directoryFiltersSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  // A country typed by name in any of our languages, or by code.
  country: z
    .string()
    .transform((value) => countryCode(value) ?? undefined)
    .optional()
    .catch(undefined),
  tag: z.string().trim().max(100).optional().catch(undefined),
  city: z.string().trim().max(120).optional().catch(undefined),
  archived: z.enum(["only", "include"]).optional().catch(undefined),
  sort: z.enum(["name", "updated"]).catch("name"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type DirectoryFilters = z.output<typeof directoryFiltersSchema>;
