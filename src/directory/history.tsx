/** GET …/:id/history: who changed what and when, from the audit log; sensitive values only for those who may see them. */
import type { Hono } from "hono";
import type { Child } from "hono/jsx";
import { type AuditEntryRow, listRecordHistory } from "../audit/queries";
import { need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { isConsentField } from "../consent/validation";
import { consentText } from "../consent/views";
import { fieldLabel, isMessageKey, type Translator } from "../i18n";
import { openMergesSection } from "../merge/history";
import { sensitivePersonFields } from "../people/validation";
import { recordSensitiveView } from "../protection/access-log";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { render } from "../web/render";
import { recordId } from "./fields";
import { directoryVocabulary, displayValue, showValue } from "./records";

const entityTypes = {
  "/organizations": "organization",
  "/people": "person",
  "/interactions": "interaction",
} as const;
type EntityType = (typeof entityTypes)[keyof typeof entityTypes];
type Change = { field: string; before: string; after: string };

/** A contact's one field stored as a code; the directory's are `showValue`'s own. */
const contactVocabulary = { kind: "interactionKind" };
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A kept value as the record's own page shows it, and dates and times in the reader's format. */
function shownValue(i18n: Translator, entity: EntityType, field: string, value: unknown): string {
  // A purpose's consent is kept as its answer, date, how and note (src/consent).
  if (isConsentField(field)) return consentText(i18n, value as Parameters<typeof consentText>[1]);
  if (typeof value === "string" && isoDateTime.test(value)) return i18n.date(new Date(value), "datetime");
  if (typeof value === "string" && isoDate.test(value)) return i18n.date(value);
  return showValue(i18n, field, value, entity === "interaction" ? contactVocabulary : directoryVocabulary);
}

/** The fields an event changed; hidden ones are named but their values withheld, omitted ones left out. */
function changesOf(
  i18n: Translator,
  entity: EntityType,
  event: AuditEntryRow,
  hidden: readonly string[],
  omitted: readonly string[],
): Change[] {
  const before = (event.before ?? {}) as Record<string, unknown>;
  const after = (event.after ?? {}) as Record<string, unknown>;
  const shown = (field: string, value: unknown) => shownValue(i18n, entity, field, value);
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((field) => !omitted.includes(field))
    .filter((field) => displayValue(before[field]) !== displayValue(after[field]))
    .map((field) =>
      hidden.includes(field)
        ? { field, before: "•••", after: "•••" }
        : { field, before: shown(field, before[field]), after: shown(field, after[field]) },
    );
}

function actionLabel(i18n: Translator, action: string): string {
  const key = `history.${action.split(".").at(-1)}`;
  return isMessageKey(key) ? i18n.t(key) : action;
}

export function HistoryPage({
  i18n,
  entity,
  title,
  back,
  events,
  hidden,
  omitted = [],
  children,
}: {
  i18n: Translator;
  entity: EntityType;
  title: string;
  back: string;
  events: AuditEntryRow[];
  hidden: readonly string[];
  /** Fields the audit keeps that a reader does not need (ids beside the names they stand for). */
  omitted?: readonly string[];
  /** Shown above the changes: the merges that can still be undone. */
  children?: Child;
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">{t("history.title", { name: title })}</h1>
      <p>
        <a href={back}>{t("history.back")}</a>
      </p>
      {children}
      <ol class="history">
        {events.map((event) => {
          const changes = changesOf(i18n, entity, event, hidden, omitted);
          return (
            <li>
              <p>
                <strong>{actionLabel(i18n, event.action)}</strong> · {i18n.date(event.createdAt, "datetime")}{" "}
                · {event.userName ?? t("history.system")}
              </p>
              {changes.length > 0 && (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("history.field")}</th>
                      <th scope="col">{t("history.before")}</th>
                      <th scope="col">{t("history.after")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((change) => (
                      <tr>
                        <th scope="row">{fieldLabel(i18n, change.field)}</th>
                        <td>{change.before}</td>
                        <td>{change.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Whether the history shows a change of community or displacement status (a change has a value on one side). */
function showsSensitiveValue(events: AuditEntryRow[]): boolean {
  return events.some((event) => {
    const before = (event.before ?? {}) as Record<string, unknown>;
    const after = (event.after ?? {}) as Record<string, unknown>;
    return sensitivePersonFields.some((field) => displayValue(before[field]) !== displayValue(after[field]));
  });
}

export function addHistoryRoute(
  routes: Hono<AppEnv>,
  base: keyof typeof entityTypes,
  titleOf: (db: AppEnv["Variables"]["db"], id: number) => Promise<string | undefined>,
  omitted: readonly string[] = [],
): void {
  routes.get(`${base}/:id/history`, need("directory:view"), async (c) => {
    const id = recordId.safeParse(c.req.param("id"));
    const title = id.success ? await titleOf(c.get("db"), id.data) : undefined;
    if (!id.success || title === undefined) return renderErrorPage(c, 404);
    const kind = entityTypes[base];
    const events = await listRecordHistory(c.get("db"), kind, id.data);
    const hidden = can(signedIn(c).user.role, "sensitive:view") ? [] : sensitivePersonFields;
    if (kind === "person" && showsSensitiveValue(events))
      await recordSensitiveView(c, "person.history", [id.data]);
    const page = (
      <HistoryPage
        i18n={c.get("i18n")}
        entity={kind}
        title={title}
        back={`${base}/${id.data}`}
        events={events}
        hidden={hidden}
        omitted={omitted}
      >
        {kind === "interaction" ? null : await openMergesSection(c, kind, id.data)}
      </HistoryPage>
    );
    return render(c, { title: c.get("i18n").t("history.title", { name: title }) }, page);
  });
}
