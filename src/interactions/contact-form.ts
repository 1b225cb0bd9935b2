/** Reads a submitted contact form (logging or editing one): its fields checked, the names typed found, the moment read in the programme's zone. */
import type { Context } from "hono";
import type { AppEnv } from "../web/env";
import type { FormErrors, FormValues } from "../web/form";
import { readForm, validateForm } from "../web/form";
import type { NewInteraction } from "./contact";
import type { Chosen } from "./form";
import { fromLocalInput } from "./local-time";
import { activityTitle, namesOf, type RecordKind, type Resolved, resolveEntries } from "./names";
import { interactionSchema } from "./validation";

export type ContactForm =
  | { ok: true; values: FormValues; input: NewInteraction; chosen: Chosen }
  | {
      ok: false;
      values: FormValues;
      errors: FormErrors;
      whoErrors: { people?: string; organizations?: string };
      chosen: Chosen;
    };

/** The typed names that found no one, or several, in words; undefined when all were found. */
function problemsOf(c: Context<AppEnv>, resolved: Resolved[]): string | undefined {
  const { t } = c.get("i18n");
  const list = (problem: "unknown" | "ambiguous") =>
    resolved.flatMap((item) => ("problem" in item && item.problem === problem ? [`“${item.entry}”`] : []));
  const messages = [
    list("unknown").length > 0 && t("contacts.unknownNames", { names: list("unknown").join(", ") }),
    list("ambiguous").length > 0 && t("contacts.ambiguousNames", { names: list("ambiguous").join(", ") }),
  ].filter((message): message is string => typeof message === "string");
  return messages.length > 0 ? messages.join(" ") : undefined;
}

async function typedRecords(c: Context<AppEnv>, kind: RecordKind, value: string | undefined) {
  const field = kind === "person" ? interactionSchema.shape.people : interactionSchema.shape.organizations;
  const entries = field.safeParse(value ?? "");
  const resolved = entries.success ? await resolveEntries(c.get("db"), kind, entries.data) : [];
  const ids = resolved.flatMap((item) => ("found" in item ? [item.found.id] : []));
  return { ids, problem: entries.success ? problemsOf(c, resolved) : c.get("i18n").t("form.tooLong") };
}

/** The records a contact being edited is linked to: they stay choosable even when archived since. */
export type Linked = { people: number[]; organizations: number[] };

export async function readContactForm(
  c: Context<AppEnv>,
  assignable: number[],
  linked: Linked = { people: [], organizations: [] },
): Promise<ContactForm> {
  const { db, i18n, config } = c.var;
  const values = await readForm(c);
  const form = validateForm(interactionSchema, values);
  const errors: FormErrors = form.ok ? {} : { ...form.errors };
  const shape = interactionSchema.shape;
  const [tickedPeople, tickedOrganizations, typedPeople, typedOrganizations] = await Promise.all([
    namesOf(db, "person", shape.personIds.parse(values.personIds), linked.people),
    namesOf(db, "organization", shape.organizationIds.parse(values.organizationIds), linked.organizations),
    typedRecords(c, "person", values.people),
    typedRecords(c, "organization", values.organizations),
  ]);
  const whoErrors = { people: typedPeople.problem, organizations: typedOrganizations.problem };
  const personIds = [...new Set([...tickedPeople.map((p) => p.id), ...typedPeople.ids])];
  const organizationIds = [...new Set([...tickedOrganizations.map((o) => o.id), ...typedOrganizations.ids])];
  if (personIds.length + organizationIds.length === 0 && !whoErrors.people && !whoErrors.organizations)
    whoErrors.people = i18n.t("contacts.noOne");
  const occurredAt = form.ok ? fromLocalInput(form.data.occurredAt, config.timeZone) : null;
  if (form.ok && !occurredAt) errors.occurredAt = "contacts.badDateTime";
  const activityId = shape.activityId.parse(values.activityId);
  const activity = activityId === null ? undefined : await activityTitle(db, activityId);
  const me = c.get("user")?.id ?? null;
  const assigneeId = form.ok ? (form.data.followUpAssigneeId ?? me) : null;
  if (form.ok && form.data.followUpDue && (assigneeId === null || !assignable.includes(assigneeId)))
    errors.followUpAssigneeId = "form.choose";
  const chosen = { people: tickedPeople, organizations: tickedOrganizations, activity };
  if (
    !form.ok ||
    !occurredAt ||
    Object.keys(errors).length > 0 ||
    whoErrors.people ||
    whoErrors.organizations
  ) {
    return { ok: false, values, errors, whoErrors, chosen };
  }
  const { kind, subject, notes, followUpDue, followUpNote } = form.data;
  const input: NewInteraction = {
    kind,
    occurredAt,
    subject,
    notes,
    activityId: activity?.id ?? null,
    personIds,
    organizationIds,
    followUpDue,
    followUpAssigneeId: assigneeId,
    followUpNote,
  };
  return { ok: true, values, input, chosen };
}
