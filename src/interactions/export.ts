/** The contact log as a download: the filtered contacts, newest first, with who and which organisations took part. */
import type { Translator } from "../i18n";
import type { LogEntry } from "./queries";

export function contactLogCsv(rows: LogEntry[], i18n: Translator) {
  const { t } = i18n;
  return {
    entityType: "interaction",
    fileName: `${t("contacts.logPage")}.csv`,
    personIds: rows.flatMap((row) => row.people.map((person) => person.id)),
    headers: [
      t("contacts.when"),
      t("field.kind"),
      t("contacts.subject"),
      t("contacts.people"),
      t("contacts.organizations"),
      t("contacts.loggedBy"),
      t("contacts.followUpDue"),
      t("contacts.status"),
    ],
    rows: rows.map((row) => [
      i18n.date(row.occurredAt, "datetime"),
      t(`interactionKind.${row.kind}`),
      row.subject,
      row.people.map((person) => person.name),
      row.organizations.map((organization) => organization.name),
      row.loggedByName,
      row.followUpDue ? i18n.date(row.followUpDue) : null,
      row.followUpDue ? (row.followUpDoneAt ? t("followUps.done") : t("followUps.openStatus")) : null,
    ]),
  };
}
