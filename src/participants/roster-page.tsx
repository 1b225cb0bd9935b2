/**
 * GET /activities/:id/participants: the counts by status, "mark all registered as attended", the roster (each row's
 * role, status and scores changed in place: htmx posts the row on change; without JavaScript its Save button does),
 * and the ways to add people.
 */
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import { RosterConsentForm, rosterConsentCell, rosterTick } from "../consent/views";
import { participationStatuses, stakeholderTypes } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { ExportForm } from "../web/components/export-form";
import { Field, FormError, SelectField } from "../web/components/field";
import { EncodedRows } from "../web/encoded-rows";
import type { FormErrors, FormValues } from "../web/form";
import { AddParticipants, type AddState } from "./add-forms";
import {
  type RowChoices,
  roleOptions,
  rosterPath,
  rowAnchor,
  rowChoices,
  rowLink,
  statusOptions,
} from "./choices";
import type { ParticipationStatus, RosterRow, RosterSummary } from "./queries";

export type RosterActivity = { id: number; title: string; kind: string; status: string };
/**
 * What the signed-in user may do here: every role marks status; coordinators and above manage the roster; managers and
 * above download it; `consent`: records consent for the ticked rows (src/consent).
 */
export type RosterRights = { manage: boolean; download?: boolean; consent?: boolean };

/** Trainings assess; other kinds show scores only when some were recorded. */
export function showsScores(activity: RosterActivity, summary: RosterSummary): boolean {
  return activity.kind === "training" || summary.anyScore;
}

type PageProps = {
  i18n: Translator;
  activity: RosterActivity;
  rows: RosterRow[];
  summary: RosterSummary;
  rights: RosterRights;
  statusFilter?: ParticipationStatus;
  scores: boolean;
  add: AddState;
  /** Why the last action did nothing (a person already on the roster, someone not in the directory), in words. */
  notice?: Child;
  /** A row that came back with a refused value (without JavaScript the whole page comes back). */
  rowState?: RowState;
  /** The consent form for the ticked rows as it came back with a refused value, and the rows still ticked. */
  consentState?: { values: FormValues; errors: FormErrors; ticked: ReadonlySet<number> };
};

export type RowState = { id: number; values: FormValues; errors: FormErrors };

export function RosterPage(props: PageProps) {
  const { i18n, activity, rows, rights, statusFilter, scores, add, notice, rowState, consentState } = props;
  const { t } = i18n;
  return (
    <article aria-labelledby="roster-page-title">
      <div class="page-head">
        <h1 id="roster-page-title">{t("participants.title", { title: activity.title })}</h1>
        <div class="actions">
          <a class="button" href={`/activities/${activity.id}`}>
            {t("activities.back")}
          </a>
          <a class="button" href={`${rosterPath(activity.id)}/sign-in`}>
            {t("participants.printSignIn")}
          </a>
          {rights.manage && (
            <a class="button" href={`/activities/${activity.id}/nominations`}>
              {t("nominations.link")}
            </a>
          )}
          {rights.download && <ExportForm i18n={i18n} base={rosterPath(activity.id)} query="" />}
        </div>
      </div>
      {activity.status === "cancelled" && <p class="notice">{t("activities.cancelledNotice")}</p>}
      {notice && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
      <RosterSummaryBlock {...props} />
      {rights.manage && <AddParticipants i18n={i18n} activityId={activity.id} state={add} />}
      <RosterTable
        i18n={i18n}
        activity={activity}
        rows={rows}
        rights={rights}
        scores={scores}
        filtered={statusFilter}
        rowState={rowState}
        ticked={consentState?.ticked}
      />
      {rights.consent && rows.length > 0 && (
        <RosterConsentForm
          i18n={i18n}
          action={`${rosterPath(activity.id)}/consent`}
          values={consentState?.values}
          errors={consentState?.errors}
        />
      )}
    </article>
  );
}

/** The counts (each a filter of the table), the average gain, and the bulk action; a row's change under htmx refreshes it. */
export function RosterSummaryBlock({
  i18n,
  activity,
  summary,
  statusFilter,
  scores,
}: Pick<PageProps, "i18n" | "activity" | "summary" | "statusFilter" | "scores">) {
  const { t } = i18n;
  const base = rosterPath(activity.id);
  const total = [...summary.counts.values()].reduce((sum, n) => sum + n, 0);
  const registered = summary.counts.get("registered") ?? 0;
  return (
    <section id="roster-summary" aria-labelledby="roster-counts-title">
      <h2 id="roster-counts-title" class="visually-hidden">
        {t("activities.roster")}
      </h2>
      <ul class="counts">
        <li>
          <a href={base} aria-current={statusFilter ? undefined : "true"}>
            {t("participants.all")}: <strong>{i18n.number(total)}</strong>
          </a>
        </li>
        {participationStatuses.map((status) => (
          <li>
            <a href={`${base}?status=${status}`} aria-current={statusFilter === status ? "true" : undefined}>
              {t(`participationStatus.${status}`)}:{" "}
              <strong>{i18n.number(summary.counts.get(status) ?? 0)}</strong>
            </a>
          </li>
        ))}
      </ul>
      {scores && (
        <p>
          {summary.averageGain === null
            ? t("participants.noScores")
            : t("participants.averageGain", {
                gain: `${summary.averageGain >= 0 ? "+" : ""}${i18n.number(Math.round(summary.averageGain * 100) / 100)}`,
                count: summary.scored,
              })}
        </p>
      )}
      {registered > 0 && (
        <form method="post" action={`${base}/attend-registered`}>
          <button type="submit" class="primary">
            {t("participants.markAllAttended", { count: registered })}
          </button>
        </form>
      )}
    </section>
  );
}

function RosterTable({
  i18n,
  activity,
  rows,
  rights,
  scores,
  filtered,
  rowState,
  ticked,
}: {
  i18n: Translator;
  activity: RosterActivity;
  rows: RosterRow[];
  rights: RosterRights;
  scores: boolean;
  filtered?: ParticipationStatus;
  rowState?: RowState;
  ticked?: ReadonlySet<number>;
}) {
  const { t } = i18n;
  const choices = rowChoices(i18n);
  if (rows.length === 0) {
    return <p class="muted">{filtered ? t("participants.noneWithStatus") : t("participants.none")}</p>;
  }
  return (
    <div class="table-wrap">
      <table class="roster">
        <caption class="visually-hidden">{t("participants.title", { title: activity.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("participants.person")}</th>
            <th scope="col">{t("participants.organization")}</th>
            <th scope="col">{t("participants.stakeholderType")}</th>
            <th scope="col">{t("participants.role")}</th>
            <th scope="col">{t("participants.status")}</th>
            <th scope="col">{t("field.consentParticipation")}</th>
            <th scope="col">{t("field.consentPhotos")}</th>
            {scores && <th scope="col">{t("participants.preScore")}</th>}
            {scores && <th scope="col">{t("participants.postScore")}</th>}
            <th scope="col">{t("duplicates.actions")}</th>
          </tr>
        </thead>
        <tbody>
          <EncodedRows
            rows={rows.map((row) =>
              RosterRowView({
                i18n,
                choices,
                activityId: activity.id,
                row,
                rights,
                scores,
                ticked: ticked?.has(row.id),
                ...(rowState?.id === row.id ? rowState : {}),
              }),
            )}
          />
        </tbody>
      </table>
    </div>
  );
}

type RowProps = {
  i18n: Translator;
  choices: RowChoices;
  activityId: number;
  row: RosterRow;
  rights: RosterRights;
  scores: boolean;
  /** The row as it came back with a refused value (under htmx). */
  values?: FormValues;
  errors?: FormErrors;
  /** Ticked for the consent form (when it came back refused). */
  ticked?: boolean;
};

/**
 * One participant. Its fields belong to the form in the last cell (the `form` attribute), so a table row can be a form.
 * Written as an html`` template rather than JSX: a thousand rows render several times faster, and every value put in
 * is escaped all the same (only the prebuilt options are inserted as they are).
 */
export function RosterRowView({
  i18n,
  choices,
  activityId,
  row,
  rights,
  scores,
  values,
  errors,
  ticked,
}: RowProps) {
  const { t } = i18n;
  const form = `row-${row.id}`;
  const action = `${rosterPath(activityId)}/${row.id}`;
  const scoreCell = (name: "preScore" | "postScore", label: string, stored: number | null) => {
    if (!rights.manage) return html`<td class="number">${stored === null ? "" : i18n.number(stored)}</td>`;
    const error = errors?.[name];
    const value = values?.[name] ?? (stored === null ? "" : String(stored));
    return error
      ? html`<td class="field-error"><input id="${name}-${row.id}" name="${name}" form="${form}" inputmode="decimal" size="5" value="${value}" aria-label="${label}" aria-invalid="true"/><p class="error">${t(error)}</p></td>`
      : html`<td><input id="${name}-${row.id}" name="${name}" form="${form}" inputmode="decimal" size="5" value="${value}" aria-label="${label}"/></td>`;
  };
  // A refused change comes back as it was typed, with its message.
  const chosen = <K extends "role" | "status">(field: K) =>
    (values?.[field] as RosterRow[K] | undefined) ?? row[field];
  const problem = (field: "role" | "status") =>
    errors?.[field] ? html`<p class="error">${t(errors[field])}</p>` : "";
  const role = rights.manage
    ? html`<select id="role-${row.id}" name="role" form="${form}" aria-label="${t("participants.roleOf", { name: row.name })}">${choices.roles.get(chosen("role")) ?? choices.roles.get(row.role)}</select>${problem("role")}`
    : t(`participationRole.${row.role}`);
  const status = html`<select id="status-${row.id}" name="status" form="${form}" aria-label="${t("participants.statusOf", { name: row.name })}">${choices.statuses.get(chosen("status")) ?? choices.statuses.get(row.status)}</select>${problem("status")}`;
  const named = html`<span class="visually-hidden">: ${row.name}</span>`;
  // Under htmx a change of the row's role, status or score posts its form and the answer replaces the row (ticking the
  // row for the consent form does not); it says whether the table has score columns, so the new row has the same
  // columns as the others.
  const save = html`<form id="${form}" method="post" action="${action}" class="inline-form" hx-post="${action}" hx-trigger='submit, change from:"closest tr" target:"select, input[inputmode]"' hx-target="closest tr" hx-swap="outerHTML">${scores ? html`<input type="hidden" name="scores" value="shown"/>` : ""}<button type="submit">${t("participants.save")}${named}</button></form>`;
  const edit = rights.manage ? html`<a href="${action}/edit">${t("participants.edit")}${named}</a>` : "";
  const tick = rights.consent ? rosterTick(i18n, row.id, row.name, ticked) : "";
  return html`<tr id="${rowAnchor(row.id)}">
<th scope="row"><a href="/people/${row.personId}">${row.name}</a></th>
<td>${row.organizationName ?? ""}</td>
<td>${row.stakeholderType ? t(`stakeholderType.${row.stakeholderType}`) : ""}</td>
<td>${role}</td>
<td>${status}</td>
${rosterConsentCell(i18n, row.consentParticipation)}${rosterConsentCell(i18n, row.consentPhotos)}
${scores ? scoreCell("preScore", t("participants.preScoreOf", { name: row.name }), row.preScore) : ""}
${scores ? scoreCell("postScore", t("participants.postScoreOf", { name: row.name }), row.postScore) : ""}
<td class="nowrap">${tick}${save}${edit}</td>
</tr>`;
}

/** GET/POST /activities/:id/participants/:pid/edit: the whole row, including the snapshot of who they were then. */
export function ParticipationForm({
  i18n,
  activity,
  participation,
  values,
  errors,
  conflict,
}: {
  i18n: Translator;
  activity: RosterActivity;
  participation: { id: number; name: string; personId: number };
  values: FormValues;
  errors?: FormErrors;
  conflict?: boolean;
}) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  const action = `${rosterPath(activity.id)}/${participation.id}`;
  const none = { value: "", label: t("activities.noneChosen") };
  return (
    <section aria-labelledby="participation-title">
      <h1 id="participation-title">
        {t("participants.editTitle", { name: participation.name, title: activity.title })}
      </h1>
      <p>
        <a href={rowLink(activity.id, participation.id)}>{t("participants.backToRoster")}</a>
      </p>
      <form method="post" action={`${action}/edit`} class="stack record-form">
        {conflict && <FormError message={t("participants.changedMeanwhile")} />}
        {errors && !conflict && <FormError message={t("form.fixBelow")} />}
        <input type="hidden" name="version" value={values.version ?? ""} />
        <p class="hint">{t("participants.snapshotHint")}</p>
        <Field
          name="organization"
          label={t("participants.organization")}
          list="organization-suggestions"
          suggestUrl="/organizations/suggestions"
          {...field}
        />
        <SelectField
          name="stakeholderType"
          label={t("participants.stakeholderType")}
          options={[
            none,
            ...stakeholderTypes.map((type) => ({ value: type, label: t(`stakeholderType.${type}`) })),
          ]}
          selected={values.stakeholderType ?? ""}
          errors={errors}
          i18n={i18n}
        />
        <SelectField
          name="role"
          label={t("participants.role")}
          options={roleOptions(i18n)}
          selected={values.role}
          errors={errors}
          i18n={i18n}
        />
        <SelectField
          name="status"
          label={t("participants.status")}
          options={statusOptions(i18n)}
          selected={values.status}
          errors={errors}
          i18n={i18n}
        />
        <Field
          name="preScore"
          label={t("participants.preScore")}
          hint={t("participants.scoreHint")}
          {...field}
        />
        <Field
          name="postScore"
          label={t("participants.postScore")}
          hint={t("participants.scoreHint")}
          {...field}
        />
        <button type="submit" class="primary">
          {t("directory.save")}
        </button>
      </form>
      <form method="post" action={`${action}/delete`} class="stack">
        <button type="submit" class="danger">
          {t("participants.remove")}
        </button>
      </form>
    </section>
  );
}
