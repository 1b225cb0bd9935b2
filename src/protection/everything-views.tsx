/**
 * "Everything we hold on this person" as a page: one headed section per kind of record, each item a short list of
 * facts (no wide tables), so it reads on a phone and prints as a letter's attachment. The same sections as the JSON.
 */
import type { Child } from "hono/jsx";
import { directoryVocabulary, showValue } from "../directory/records";
import { fieldLabel, isMessageKey, type MessageKey, type Translator } from "../i18n";
import { countryName } from "../text/country";
import { whatLabel } from "./access-log-views";
import type { Everything, EverythingSection, HistoryEntry } from "./everything";
import { everythingSections } from "./everything";

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A stored value in words: codes by their labels, countries named, dates in the reader's format, objects as JSON. */
function shown(
  i18n: Translator,
  field: string,
  value: unknown,
  vocabulary: Readonly<Record<string, string>> = directoryVocabulary,
): string {
  if (value instanceof Date) return i18n.date(value, "datetime");
  if (typeof value === "string" && isoDateTime.test(value)) return i18n.date(new Date(value), "datetime");
  if (typeof value === "string" && isoDate.test(value)) return i18n.date(value);
  if (typeof value === "boolean") return i18n.t(value ? "everything.yes" : "everything.no");
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return JSON.stringify(value);
  return showValue(i18n, field, value, vocabulary);
}

type Fact = [string, Child];

function Facts({ facts }: { facts: Fact[] }) {
  const given = facts.filter(([, value]) => value !== null && value !== undefined && value !== "");
  if (given.length === 0) return null;
  return (
    <dl class="facts">
      {given.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

function Item({ title, facts, children }: { title: Child; facts: Fact[]; children?: Child }) {
  return (
    <li>
      <p>
        <strong>{title}</strong>
      </p>
      <Facts facts={facts} />
      {children}
    </li>
  );
}

function Section({
  i18n,
  name,
  count,
  children,
}: {
  i18n: Translator;
  name: EverythingSection;
  count: number;
  children?: Child;
}) {
  const id = `everything-${name}`;
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {i18n.t(`everything.section.${name}`)}
        {name !== "person" && <span class="muted"> ({i18n.number(count)})</span>}
      </h2>
      {count === 0 ? <p class="muted">{i18n.t("everything.none")}</p> : children}
    </section>
  );
}

/** The person's own fields that are bookkeeping only (in the JSON, not on the page). */
const bookkeeping = new Set([
  "version",
  "createdBy",
  "updatedBy",
  "erasedBy",
  "erasedByName",
  "mergedIntoName",
]);
const personLabels: Record<string, MessageKey> = {
  id: "everything.recordId",
  pseudonym: "everything.pseudonym",
  createdAt: "everything.createdAt",
  updatedAt: "everything.updatedAt",
  archivedAt: "everything.archivedAt",
  erasedAt: "everything.erasedAt",
  erasureReason: "everything.erasureReason",
};

function PersonFacts({ i18n, person }: { i18n: Translator; person: Everything["person"] }) {
  const facts = Object.entries(person)
    .filter(([field]) => !bookkeeping.has(field))
    .map(([field, value]): Fact => {
      const label = personLabels[field] ? i18n.t(personLabels[field]) : fieldLabel(i18n, field);
      if (field === "mergedIntoId" && value !== null)
        return [label, <a href={`/people/${String(value)}`}>{person.mergedIntoName ?? String(value)}</a>];
      if (field === "erasedAt" && value !== null)
        return [label, `${shown(i18n, field, value)} · ${person.erasedByName ?? i18n.t("history.system")}`];
      return [label, shown(i18n, field, value)];
    });
  return <Facts facts={facts} />;
}

/** Ids an audit event keeps beside the names they stand for (and lists of other people's), left out of the page. */
const omittedInHistory = new Set([
  "personIds",
  "participationIds",
  "personId",
  "participationId",
  "organizationId",
  "affiliation",
]);

/** The words of an event's codes: `kind` and `status` mean different things on an affiliation and on a roster row. */
function vocabularyOf(event: HistoryEntry): Readonly<Record<string, string>> {
  if (event.action.startsWith("affiliation.")) return { ...directoryVocabulary, kind: "affiliationKind" };
  if (event.entityType === "activity")
    return { ...directoryVocabulary, role: "participationRole", status: "participationStatus" };
  if (event.entityType === "consent")
    return { status: "consent", purpose: "consentPurpose", method: "consentMethod" };
  return directoryVocabulary;
}

/**
 * What an event recorded: for a change, each field it set with the value before (if kept) and after; for a record
 * added or removed, its values.
 */
function changesOf(i18n: Translator, event: HistoryEntry): Fact[] {
  const asObject = (value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  const before = asObject(event.before);
  const after = asObject(event.after);
  const vocabulary = vocabularyOf(event);
  const show = (field: string, value: unknown) => shown(i18n, field, value, vocabulary);
  const label = (field: string) => fieldLabel(i18n, field);
  const only = Object.keys(after).length === 0 ? before : Object.keys(before).length === 0 ? after : null;
  if (only)
    return Object.entries(only)
      .filter(([field]) => !omittedInHistory.has(field))
      .map(([field, value]): Fact => [label(field), show(field, value)]);
  return Object.keys(after)
    .filter((field) => !omittedInHistory.has(field))
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field): Fact => {
      const is = show(field, after[field]);
      return [label(field), field in before ? `${show(field, before[field])} → ${is}` : is];
    });
}

/** An event's action in words: the history page's, or ours for the roster changes that page never shows. */
function actionLabel(i18n: Translator, action: string): string {
  const last = action.split(".").at(-1);
  const key = [`everything.action.${last}`, `history.${last}`].find(isMessageKey);
  return key ? i18n.t(key) : action;
}

function enumLabel(i18n: Translator, prefix: string, value: string | null): string | null {
  if (value === null) return null;
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? i18n.t(key) : value;
}

export function EverythingPage({ i18n, data }: { i18n: Translator; data: Everything }) {
  const { t } = i18n;
  const p = data.person;
  const date = (value: Date | string | null) => (value === null ? null : i18n.date(value));
  const dateTime = (value: Date | string | null) => (value === null ? null : i18n.date(value, "datetime"));
  const counts: Record<EverythingSection, number> = {
    person: 1,
    otherNames: data.otherNames.length,
    affiliations: data.affiliations.length,
    participations: data.participations.length,
    nominations: data.nominations.length,
    contacts: data.contacts.length,
    consents: data.consents.length,
    proposals: data.proposals.length,
    imports: data.imports.length,
    merges: data.merges.length,
    history: data.history.length,
    accessLog: data.accessLog.length,
  };
  const sections: Record<EverythingSection, Child> = {
    person: <PersonFacts i18n={i18n} person={p} />,
    otherNames: (
      <ul>
        {data.otherNames.map((name) => (
          <li>{name}</li>
        ))}
      </ul>
    ),
    affiliations: (
      <ul class="plain-list">
        {data.affiliations.map((a) => (
          <Item
            title={a.organization}
            facts={[
              [t("field.position"), a.position],
              [t("field.kind"), t(`affiliationKind.${a.kind}`)],
              [t("field.startDate"), date(a.startDate)],
              [t("field.endDate"), date(a.endDate)],
              [t("field.isPrimary"), a.isPrimary ? t("everything.yes") : null],
            ]}
          />
        ))}
      </ul>
    ),
    participations: (
      <ul class="plain-list">
        {data.participations.map((row) => (
          <Item
            title={<a href={`/activities/${row.activityId}`}>{row.activity}</a>}
            facts={[
              [t("field.kind"), t(`activityKind.${row.activityKind}`)],
              [t("field.startDate"), date(row.startDate)],
              [t("field.endDate"), date(row.endDate)],
              [
                t("field.country"),
                [row.activityCity, row.activityCountry && countryName(row.activityCountry, i18n.locale)]
                  .filter(Boolean)
                  .join(", "),
              ],
              [t("field.role"), t(`participationRole.${row.role}`)],
              [t("field.status"), t(`participationStatus.${row.status}`)],
              [t("participants.organization"), row.organization],
              [
                t("reports.stakeholderTypeThen"),
                row.stakeholderType && t(`stakeholderType.${row.stakeholderType}`),
              ],
              [t("participants.preScore"), row.preScore === null ? null : i18n.number(row.preScore)],
              [t("participants.postScore"), row.postScore === null ? null : i18n.number(row.postScore)],
            ]}
          />
        ))}
      </ul>
    ),
    nominations: (
      <ul class="plain-list">
        {data.nominations.map((row) => (
          <Item
            title={row.activity ?? "—"}
            facts={[
              [t("field.startDate"), date(row.startDate)],
              [t("field.organization"), row.organization],
              [t("everything.nominatedOn"), dateTime(row.nominatedAt)],
              [t("everything.by"), row.nominatedBy],
              [t("everything.statusNow"), enumLabel(i18n, "participationStatus", row.statusNow)],
            ]}
          />
        ))}
      </ul>
    ),
    contacts: (
      <ul class="plain-list">
        {data.contacts.map((row) => (
          <Item
            title={`${i18n.date(row.occurredAt, "datetime")} · ${t(`interactionKind.${row.kind}`)}: ${row.subject}`}
            facts={[
              [t("field.notes"), row.notes],
              [t("field.organizations"), row.organizations.join(", ")],
              [t("field.activity"), row.activity],
              [t("contacts.loggedBy"), row.loggedBy],
              [t("field.followUpDue"), date(row.followUpDue)],
              [t("field.followUpNote"), row.followUpNote],
              [t("field.followUpAssignee"), row.followUpAssignee],
              [t("field.followUpDoneAt"), dateTime(row.followUpDoneAt)],
            ]}
          />
        ))}
      </ul>
    ),
    consents: (
      <ul class="plain-list">
        {data.consents.map((row) => (
          <Item
            title={`${enumLabel(i18n, "consentPurpose", row.purpose)}: ${t(`consent.${row.status}`)}`}
            facts={[
              [t("everything.consentOn"), date(row.givenOn)],
              [t("everything.consentMethod"), enumLabel(i18n, "consentMethod", row.method)],
              [t("field.notes"), row.note],
              [t("everything.recordedBy"), row.recordedBy],
              [t("everything.updatedAt"), dateTime(row.updatedAt)],
            ]}
          />
        ))}
      </ul>
    ),
    proposals: (
      <ul class="plain-list">
        {data.proposals.map((row) => (
          <Item
            title={`${row.organization}: ${fieldLabel(i18n, row.field)}`}
            facts={[
              [t("everything.valueThen"), row.oldValue],
              [t("proposals.proposed"), row.newValue],
              [t("field.status"), t(`everything.proposalStatus.${row.status}`)],
              [t("everything.reason"), row.reason],
              [t("everything.by"), row.proposedBy],
              [t("everything.on"), dateTime(row.proposedAt)],
              [t("everything.decidedBy"), row.decidedBy],
              [t("everything.decidedAt"), dateTime(row.decidedAt)],
            ]}
          />
        ))}
      </ul>
    ),
    imports: (
      <ul class="plain-list">
        {data.imports.map((row) => (
          <Item
            title={t("everything.importLine", { file: row.fileName, line: row.lineNumber })}
            facts={[
              [t("everything.importedOn"), dateTime(row.importedAt)],
              [t("everything.outcome"), t(`everything.outcome.${row.outcome as "created"}`)],
              [t("everything.undoneOn"), dateTime(row.undoneAt)],
              [t("everything.valuesBefore"), row.before === null ? null : shown(i18n, "", row.before)],
            ]}
          >
            {row.line === null ? (
              <p class="muted">{t("everything.lineUnreadable")}</p>
            ) : (
              <Facts facts={row.line.map((cell): Fact => [cell.column, cell.value])} />
            )}
          </Item>
        ))}
      </ul>
    ),
    merges: (
      <ul class="plain-list">
        {data.merges.map((row) => (
          <Item
            title={t(
              row.direction === "intoThis" ? "everything.mergedIntoThis" : "everything.mergedIntoOther",
              {
                name: row.otherName ?? `#${row.otherId}`,
              },
            )}
            facts={[
              [t("everything.on"), dateTime(row.mergedAt)],
              [t("everything.by"), row.mergedBy],
              [t("everything.undoneOn"), dateTime(row.undoneAt)],
            ]}
          />
        ))}
      </ul>
    ),
    history: (
      <ul class="plain-list">
        {data.history.map((event) => (
          <Item
            title={[
              actionLabel(i18n, event.action),
              event.activity,
              i18n.date(event.createdAt, "datetime"),
              event.userName ?? t("history.system"),
            ]
              .filter(Boolean)
              .join(" · ")}
            facts={changesOf(i18n, event)}
          />
        ))}
      </ul>
    ),
    accessLog: (
      <ul class="plain-list">
        {data.accessLog.map((row) => (
          <Item
            title={`${i18n.date(row.createdAt, "datetime")} · ${row.userName ?? t("history.system")}`}
            facts={[
              [
                t(row.kind === "export" ? "everything.downloaded" : "everything.seen"),
                whatLabel(i18n, row.what),
              ],
              [t("everything.peopleCovered"), row.people > 1 ? i18n.number(row.people) : null],
            ]}
          />
        ))}
      </ul>
    ),
  };
  return (
    <article aria-labelledby="everything-title" class="everything">
      <div class="page-head">
        <h1 id="everything-title">{t("everything.title", { name: p.fullName })}</h1>
        <div class="actions no-print">
          <a class="button" href={`/people/${p.id}/everything.json`} download>
            {t("everything.downloadJson")}
          </a>
          <a class="button" href={`/people/${p.id}`}>
            {t("history.back")}
          </a>
        </div>
      </div>
      <p class="hint">{t("everything.intro")}</p>
      {p.erasedAt && (
        <p class="notice">
          {t("everything.erasedNotice", {
            date: i18n.date(p.erasedAt),
            user: p.erasedByName ?? t("history.system"),
          })}
        </p>
      )}
      <nav aria-label={t("everything.contents")} class="no-print">
        <ul>
          {everythingSections.map((name) => (
            <li>
              <a href={`#everything-${name}`}>{t(`everything.section.${name}`)}</a>
              {name !== "person" && ` (${i18n.number(counts[name])})`}
            </li>
          ))}
        </ul>
      </nav>
      {everythingSections.map((name) => (
        <Section i18n={i18n} name={name} count={counts[name]}>
          {sections[name]}
        </Section>
      ))}
    </article>
  );
}

/** The person page's link to it, for those allowed. */
export function EverythingLink({ i18n, personId }: { i18n: Translator; personId: number }) {
  return (
    <p class="no-print">
      <a href={`/people/${personId}/everything`}>{i18n.t("everything.link")}</a>
    </p>
  );
}
