/** Parses a submitted form with its zod schema: typed data, or the values kept and an error (message key) per field. */
import type { Context } from "hono";
import type { z } from "zod";
import { isMessageKey, type MessageKey } from "../i18n";
import type { AppEnv } from "./env";

export type FormValues = Record<string, string>;
export type FormErrors = Partial<Record<string, MessageKey>>;
export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; values: FormValues; errors: FormErrors };

/** The submitted text fields; a field sent several times (a group of checkboxes) arrives joined by commas. */
export async function readForm(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    const texts = (Array.isArray(value) ? value : [value]).filter((item) => typeof item === "string");
    if (texts.length > 0) values[name] = texts.join(",");
  }
  return values;
}

/** Schemas use message keys as their error messages, so the error shown beside a field is translated. */
export function validateForm<S extends z.ZodType>(schema: S, values: FormValues): FormResult<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    // A field missing from the request gets zod's own English message, not one of ours: it was not filled in.
    errors[field] ??= isMessageKey(issue.message) ? issue.message : "form.required";
  }
  return { ok: false, values, errors };
}

export async function parseForm<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<FormResult<z.output<S>>> {
  return validateForm(schema, await readForm(c));
}
