/**
 * One definition of a valid person and organisation: an accepted line's values go through the forms' own schemas
 * (src/people/validation.ts, src/organizations/validation.ts), given as the form would send them. Whatever the form
 * would refuse, the import refuses too, with the form's reason, on the column the value came from.
 */
import type { MessageKey } from "../i18n";
import { organizationSchema } from "../organizations/validation";
import { personSchema } from "../people/validation";
import type { FieldKey, ImportKind } from "./fields";

/** Form field → the import fields its value may come from (the first mapped one names the column). */
const personFormFields: Record<string, FieldKey[]> = {
  fullName: ["full_name", "given_name", "family_name"],
  gender: ["gender"],
  birthYear: ["birth_year"],
  stakeholderType: ["stakeholder_type"],
  email: ["email"],
  phone: ["phone"],
  city: ["city"],
  country: ["country"],
  languages: ["languages"],
  tags: ["tags"],
  notes: ["notes"],
};
const organizationFormFields: Record<string, FieldKey[]> = {
  name: ["name"],
  kind: ["type"],
  country: ["country"],
  city: ["city"],
  address: ["address"],
  website: ["website"],
  email: ["email"],
  phone: ["phone"],
  sectors: ["sectors"],
  communitiesServed: ["communities"],
  description: ["notes"],
  tags: ["tags"],
};

/** A value as a form field holds it: lists joined by commas, numbers as digits, nothing as "". */
function asFormText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

/** What a record with none says (the form requires a choice; the import writes these). */
const defaults: Record<string, string> = { stakeholderType: "other", kind: "ngo" };

export type FormProblem = { column: number; message: MessageKey };

/** The problems the form would find in a line's values (`columns`: the import field of each column of the file). */
export function formProblems(
  kind: ImportKind,
  values: Partial<Record<FieldKey, unknown>>,
  columns: readonly (FieldKey | null)[],
): FormProblem[] {
  const fields = kind === "organizations" ? organizationFormFields : personFormFields;
  const form: Record<string, string> = {};
  for (const [formField, importFields] of Object.entries(fields)) {
    const value = importFields.map((field) => values[field]).find((item) => item !== undefined);
    form[formField] = asFormText(value) || (defaults[formField] ?? "");
  }
  const checked = (kind === "organizations" ? organizationSchema : personSchema).safeParse(form);
  if (checked.success) return [];
  return checked.error.issues.map((issue) => {
    const formField = String(issue.path[0] ?? "");
    const column = (fields[formField] ?? [])
      .map((field) => columns.indexOf(field))
      .find((index) => index >= 0);
    return { column: column ?? -1, message: issue.message as MessageKey };
  });
}
