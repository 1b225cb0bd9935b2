/**
 * What an import will do (the preview: counts and the lines behind them, nothing written) and what it did (its status
 * page: progress while it runs, then the counts, the rejected lines to download, and undo).
 */
import { consentField, consentPurposes, recordedConsentStatuses } from "../consent/validation";
import { directoryVocabulary, showValue } from "../directory/records";
import { fieldLabel, type MessageKey, type Translator } from "../i18n";
import { Field } from "../web/components/field";
import { type Delimiter, delimiters } from "./delimiter";
import { delimiterLabel, importPath, shortenedCell } from "./display";
import { type Change, sameNameKey } from "./merge";
import { type ImportRecord, preparing } from "./run";
import type { PlanLine } from "./stage";
import { type ImportCounts, type ImportSummary, listed, type Sample } from "./summary";

function CountsList({ i18n, counts }: { i18n: Translator; counts: ImportCounts }) {
  const { t } = i18n;
  const items: [string, number][] = [
    [t("imports.count.created"), counts.created],
    [t("imports.count.updated"), counts.updated],
    [t("imports.count.unchanged"), counts.unchanged],
    [t("imports.count.rejected"), counts.rejected],
    [t("imports.count.possibleDuplicates"), counts.possibleDuplicates],
    [t("imports.count.peopleCreated"), counts.peopleCreated],
    [t("imports.count.organizationsCreated"), counts.organizationsCreated],
  ];
  return (
    <dl class="facts">
      {items.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{i18n.number(value)}</dd>
        </>
      ))}
    </dl>
  );
}

/** The codes an import writes, in words: the directory's, a roster row's role and status, and consent answers. */
const importVocabulary = {
  ...directoryVocabulary,
  role: "participationRole",
  status: "participationStatus",
  ...Object.fromEntries(Object.values(consentField).map((field) => [field, "consent"])),
};

/** A value as the record's page shows it: codes in words, countries named, lists joined. */
const valueText = (i18n: Translator, field: string, value: unknown) =>
  showValue(i18n, field, value, importVocabulary);

function ChangeList({ i18n, changes }: { i18n: Translator; changes: Change[] }) {
  return (
    <ul class="plain-list">
      {changes.map((change) => (
        <li>
          {fieldLabel(i18n, change.field)}: <del>{valueText(i18n, change.field, change.before) || "—"}</del> →{" "}
          <ins>{valueText(i18n, change.field, change.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

function More({ i18n, list }: { i18n: Translator; list: Sample<unknown> }) {
  const more = list.total - list.items.length;
  return more > 0 ? <p class="muted">{i18n.t("imports.andMore", { count: more })}</p> : null;
}

export function PreviewPage({
  i18n,
  record,
  summary,
  overwrite,
}: {
  i18n: Translator;
  record: ImportRecord;
  summary: ImportSummary;
  /** The fields whose stored values the file's replace (the coordinator's choice below). */
  overwrite: ReadonlySet<string>;
}) {
  const { t } = i18n;
  const { rejected, duplicates, updates, created, warned } = summary;
  return (
    <section aria-labelledby="preview-title">
      <h1 id="preview-title">{t("imports.previewTitle", { file: record.fileName })}</h1>
      <p>{t("imports.previewHint")}</p>
      <CountsList i18n={i18n} counts={summary.counts} />
      <form method="post" action={`${importPath(record.id)}/run`} class="row-actions">
        <button type="submit" class="primary">
          {t("imports.run")}
        </button>
        <a class="button" href={`${importPath(record.id)}/map`}>
          {t("imports.backToMapping")}
        </a>
      </form>
      {rejected.total > 0 && (
        <section aria-labelledby="rejected-title">
          <h2 id="rejected-title">{t("imports.rejectedTitle", { count: rejected.total })}</h2>
          <ProblemTable i18n={i18n} lines={rejected.items} problems="errors" />
          <More i18n={i18n} list={rejected} />
        </section>
      )}
      {duplicates.total > 0 && summary.kind !== "organizations" && (
        <section aria-labelledby="duplicates-title">
          <h2 id="duplicates-title">{t("imports.duplicatesTitle", { count: duplicates.total })}</h2>
          <ul>
            {duplicates.items.map((r) => (
              <li>
                {t("imports.similarTo", { name: r.name, line: r.lines[0] ?? 0 })}{" "}
                <a href={`/people/${r.similarTo?.id}`}>{r.similarTo?.name}</a>
              </li>
            ))}
          </ul>
          <More i18n={i18n} list={duplicates} />
        </section>
      )}
      <NewOrganizations i18n={i18n} record={record} summary={summary} />
      <ConsentCounts i18n={i18n} consents={summary.consents} />
      <Differences i18n={i18n} record={record} differing={summary.differing} overwrite={overwrite} />
      {updates.total > 0 && (
        <section aria-labelledby="updates-title">
          <h2 id="updates-title">{t("imports.updatesTitle", { count: updates.total })}</h2>
          <ul>
            {updates.items.map((r) => (
              <li>
                <strong>{r.name}</strong> ({t("imports.lines", { lines: r.lines.join(", ") })})
                <ChangeList i18n={i18n} changes={r.changes} />
              </li>
            ))}
          </ul>
          <More i18n={i18n} list={updates} />
        </section>
      )}
      {created.total > 0 && summary.kind !== "organizations" && (
        <section aria-labelledby="created-title">
          <h2 id="created-title">{t("imports.createdTitle", { count: created.total })}</h2>
          <ul class="columns">
            {created.items.map((r) => (
              <li>{r.name}</li>
            ))}
          </ul>
          <More i18n={i18n} list={created} />
        </section>
      )}
      {warned.total > 0 && (
        <section aria-labelledby="warned-title">
          <h2 id="warned-title">{t("imports.warningsTitle", { count: warned.total })}</h2>
          <ProblemTable i18n={i18n} lines={warned.items} problems="warnings" />
          <More i18n={i18n} list={warned} />
        </section>
      )}
    </section>
  );
}

/**
 * The organisations the import will create (an organisations file's new rows, or the names a people or roster file
 * gives that the directory lacks), each with the one it resembles in any script; and the names already taken as
 * organisations of the directory. For each, the coordinator says: create it, or it is that one (or another one of
 * the directory, by name). Applying previews again with the choice, so the counts and the run agree.
 */
function NewOrganizations({
  i18n,
  record,
  summary,
}: {
  i18n: Translator;
  record: ImportRecord;
  summary: ImportSummary;
}) {
  const { t } = i18n;
  const entries = [
    ...summary.newOrganizations.items.map((r) => ({
      name: r.name,
      lines: r.lines,
      similar: r.similarTo,
      taken: undefined,
    })),
    ...summary.takenAsExisting.map((taken) => ({
      name: taken.name,
      lines: [] as number[],
      similar: taken.existing,
      taken: taken.existing,
    })),
  ].slice(0, listed);
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="new-organizations-title">
      <h2 id="new-organizations-title">
        {t("imports.newOrganizationsTitle", { count: summary.counts.organizationsCreated })}
      </h2>
      <p class="hint">{t("imports.newOrganizationsHint")}</p>
      <form method="post" action={`${importPath(record.id)}/organizations`} class="stack">
        {entries.map((entry, index) => (
          <fieldset>
            <legend>
              {entry.name}
              {entry.lines.length > 0 && ` (${t("imports.lines", { lines: entry.lines.join(", ") })})`}
            </legend>
            <input type="hidden" name={`org-${index}-key`} value={sameNameKey(entry.name)} />
            <label class="checkbox">
              <input type="radio" name={`org-${index}`} value="new" checked={!entry.taken} />
              {t("imports.createOrganization")}
            </label>
            {entry.similar && (
              <label class="checkbox">
                <input
                  type="radio"
                  name={`org-${index}`}
                  value={String(entry.similar.id)}
                  checked={!!entry.taken}
                />
                {t("imports.isExistingOrganization", { name: entry.similar.name })}
              </label>
            )}
            <Field
              name={`org-${index}-other`}
              label={t("imports.otherExistingOrganization")}
              list={`org-${index}-suggestions`}
              suggestUrl={`/organizations/suggestions?list=org-${index}-suggestions&field=org-${index}-other`}
              i18n={i18n}
            />
          </fieldset>
        ))}
        <button type="submit">{t("imports.applyOrganizationChoices")}</button>
      </form>
    </section>
  );
}

/** The consent answers the import records, by purpose and answer (how many people). */
function ConsentCounts({ i18n, consents }: { i18n: Translator; consents: ImportSummary["consents"] }) {
  const { t } = i18n;
  if (!consents || Object.keys(consents).length === 0) return null;
  return (
    <section aria-labelledby="consents-title">
      <h2 id="consents-title">{t("imports.consentTitle")}</h2>
      <p class="hint">{t("imports.consentHint")}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("consent.purpose")}</th>
              {recordedConsentStatuses.map((status) => (
                <th scope="col">{t(`consent.${status}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {consentPurposes
              .filter((purpose) => consents[purpose])
              .map((purpose) => (
                <tr>
                  <th scope="row">{t(`consentPurpose.${purpose}`)}</th>
                  {recordedConsentStatuses.map((status) => (
                    <td class="number">{i18n.number(consents[purpose]?.[status] ?? 0)}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Differences({
  i18n,
  record,
  differing,
  overwrite,
}: {
  i18n: Translator;
  record: ImportRecord;
  differing: ImportSummary["differing"];
  overwrite: ReadonlySet<string>;
}) {
  const { t } = i18n;
  const byField = Object.entries(differing);
  if (byField.length === 0) return null;
  return (
    <section aria-labelledby="differences-title">
      <h2 id="differences-title">{t("imports.differencesTitle")}</h2>
      <p class="hint">{t("imports.differencesHint")}</p>
      <form method="post" action={`${importPath(record.id)}/overwrite`} class="stack">
        {byField.map(([field, examples]) => (
          <fieldset>
            <legend>{fieldLabel(i18n, field)}</legend>
            <label class="checkbox">
              <input type="checkbox" name={`overwrite-${field}`} value="on" checked={overwrite.has(field)} />
              {t("imports.replaceField", { field: fieldLabel(i18n, field), count: examples.total })}
            </label>
            <ul class="plain-list">
              {examples.items.map(({ name, change }) => (
                <li>
                  <strong>{name}</strong>: <del>{valueText(i18n, field, change.before)}</del> →{" "}
                  <ins>{valueText(i18n, change.field, change.after)}</ins>
                </li>
              ))}
            </ul>
            <More i18n={i18n} list={examples} />
          </fieldset>
        ))}
        <button type="submit">{t("imports.applyReplaceChoices")}</button>
      </form>
    </section>
  );
}

function ProblemTable({
  i18n,
  lines,
  problems,
}: {
  i18n: Translator;
  lines: PlanLine[];
  problems: "errors" | "warnings";
}) {
  const { t } = i18n;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("imports.line")}</th>
            <th scope="col">{t("imports.column")}</th>
            <th scope="col">{t("imports.reason")}</th>
            <th scope="col">{t("imports.value")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.flatMap((line) =>
            line[problems].map((problem) => (
              <tr>
                <td class="number">{i18n.number(line.line)}</td>
                <td>{problem.header ?? (problem.column >= 0 ? String(problem.column + 1) : "")}</td>
                <td>{t(problem.message)}</td>
                <td class="text">
                  {problem.column >= 0 ? shortenedCell(line.cells[problem.column] ?? "") : ""}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The import's own page: where it is, and what it did. While it runs, htmx asks again every second. */
export function StatusSection({ i18n, record }: { i18n: Translator; record: ImportRecord }) {
  const { t } = i18n;
  const base = importPath(record.id);
  const running = record.status === "running";
  const counts = record.counts as ImportCounts | null;
  const failure: Record<string, MessageKey> = {
    interrupted: "imports.interrupted",
    changedMeanwhile: "imports.changedMeanwhile",
  };
  return (
    <section
      id="import-status"
      aria-labelledby="status-title"
      aria-live="polite"
      hx-get={running ? `${base}/status` : undefined}
      hx-trigger={running ? "every 1s" : undefined}
      hx-swap={running ? "outerHTML" : undefined}
    >
      <h2 id="status-title">{t(`imports.status.${record.status}`)}</h2>
      {running && (
        <>
          <progress max={record.rowsTotal} value={record.rowsDone} aria-label={t("imports.progress")} />
          <p>
            {record.rowsDone < record.rowsTotal
              ? t("imports.readingLines", { done: record.rowsDone, total: record.rowsTotal })
              : t("imports.writing")}{" "}
            {t("imports.runningHint")} <a href={base}>{t("imports.refresh")}</a>
          </p>
        </>
      )}
      {counts && <CountsList i18n={i18n} counts={counts} />}
      {record.status === "failed" && (
        <>
          <p class="notice">{t(failure[record.error ?? ""] ?? "imports.failed")}</p>
          <form method="post" action={`${base}/run`}>
            <button type="submit" class="primary">
              {t("imports.retry")}
            </button>
          </form>
        </>
      )}
      {record.status === "done" && (
        <div class="row-actions">
          {counts && counts.rejected > 0 && (
            <a class="button" href={`${base}/rejected.csv`} download>
              {t("imports.downloadRejected")}
            </a>
          )}
          <form method="post" action={`${base}/undo`}>
            <button type="submit">{t("imports.undoButton")}</button>
          </form>
        </div>
      )}
      {preparing.includes(record.status) && (
        <p>
          <a class="button primary" href={`${base}/map`}>
            {t("imports.continue")}
          </a>
        </p>
      )}
    </section>
  );
}

export function ImportPage({
  i18n,
  record,
  notice,
}: {
  i18n: Translator;
  record: ImportRecord;
  notice?: string;
}) {
  const { t } = i18n;
  return (
    <article aria-labelledby="import-title">
      <div class="page-head">
        <h1 id="import-title">{record.fileName}</h1>
        <div class="actions">
          <a class="button" href="/imports">
            {t("imports.title")}
          </a>
        </div>
      </div>
      {notice && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
      <p class="muted">
        {t(`imports.kind.${record.kind}`)} · {record.encoding} ·{" "}
        {delimiters.includes(record.delimiter as Delimiter)
          ? delimiterLabel(record.delimiter as Delimiter, t)
          : ""}
      </p>
      <StatusSection i18n={i18n} record={record} />
    </article>
  );
}
