/** A stored contact as its edit form shows it, the records that form keeps, and what changed under a stale save. */
import { fieldLabel, type Translator } from "../i18n";
import type { FormValues } from "../web/form";
import type { ContactRecord, NewInteraction } from "./contact";
import type { Chosen, ChosenRecord } from "./form";
import { toLocalInput } from "./local-time";
import type { Named } from "./names";

/** `me`: the follow-up's assignee if the contact gets one now, as when logging a contact. */
export function contactFormValues(contact: ContactRecord, timeZone: string, me: number): FormValues {
  return {
    version: String(contact.version),
    kind: contact.kind,
    occurredAt: toLocalInput(contact.occurredAt, timeZone),
    subject: contact.subject,
    notes: contact.notes ?? "",
    personIds: contact.people.map((person) => person.id).join(","),
    organizationIds: contact.organizations.map((organization) => organization.id).join(","),
    activityId: contact.activityId === null ? "" : String(contact.activityId),
    followUpDue: contact.followUpDue ?? "",
    followUpAssigneeId: String(contact.followUpAssigneeId ?? me),
    followUpNote: contact.followUpNote ?? "",
  };
}

/** The ids of a group of checkboxes as the form sent them. */
function tickedIn(values: FormValues, name: string): Set<number> {
  return new Set((values[name] ?? "").split(",").map(Number));
}

/** The boxes to show again: the ones ticked, and the contact's own records (cleared if the user cleared them). */
function keep(ticked: Named[], linked: Named[], tickedIds: Set<number>): ChosenRecord[] {
  const all = [...ticked, ...linked.filter((record) => !ticked.some((other) => other.id === record.id))];
  return all.map((record) => (tickedIds.has(record.id) ? record : { ...record, unticked: true }));
}

/** The records an edit form comes back with (after an error or a conflict), as ticked or cleared as they were sent. */
export function keptRecords(contact: ContactRecord, ticked: Chosen, values: FormValues): Chosen {
  const { activityId, activityTitle } = contact;
  const activity =
    ticked.activity ??
    (activityId === null
      ? undefined
      : { id: activityId, name: activityTitle ?? "", unticked: values.activityId !== String(activityId) });
  return {
    people: keep(ticked.people, contact.people, tickedIn(values, "personIds")),
    organizations: keep(ticked.organizations, contact.organizations, tickedIn(values, "organizationIds")),
    activity,
  };
}

const sameIds = (a: number[], b: number[]) => [...a].sort().join(",") === [...b].sort().join(",");
const names = (records: Named[]) => records.map((record) => record.name).join(", ");

/** For a stale save: the fields someone else changed to something other than what was sent, with their value now. */
export function contactConflict(current: ContactRecord, sent: NewInteraction, i18n: Translator) {
  // As stored: without a due date there is no assignee and no note.
  const sentAssignee = sent.followUpDue === null ? null : sent.followUpAssigneeId;
  const sentNote = sent.followUpDue === null ? null : sent.followUpNote;
  const fields: [string, boolean, string][] = [
    ["kind", current.kind === sent.kind, i18n.t(`interactionKind.${current.kind}`)],
    [
      "occurredAt",
      current.occurredAt.getTime() === sent.occurredAt.getTime(),
      i18n.date(current.occurredAt, "datetime"),
    ],
    ["subject", current.subject === sent.subject, current.subject],
    ["notes", (current.notes ?? "") === (sent.notes ?? ""), current.notes ?? ""],
    [
      "people",
      sameIds(
        current.people.map((p) => p.id),
        sent.personIds,
      ),
      names(current.people),
    ],
    [
      "organizations",
      sameIds(
        current.organizations.map((o) => o.id),
        sent.organizationIds,
      ),
      names(current.organizations),
    ],
    ["activity", current.activityId === sent.activityId, current.activityTitle ?? ""],
    [
      "followUpDue",
      current.followUpDue === sent.followUpDue,
      current.followUpDue ? i18n.date(current.followUpDue) : "",
    ],
    ["followUpAssignee", current.followUpAssigneeId === sentAssignee, current.followUpAssigneeName ?? ""],
    ["followUpNote", (current.followUpNote ?? "") === (sentNote ?? ""), current.followUpNote ?? ""],
  ];
  return fields
    .filter(([, same]) => !same)
    .map(([field, , value]) => ({ label: fieldLabel(i18n, field), value }));
}
