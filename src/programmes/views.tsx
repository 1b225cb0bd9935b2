/** Programme pages: the list, the add/edit form, and one programme with its focus areas. */
import type { Child } from "hono/jsx";
import type { Translator } from "../i18n";
import { ConflictNotice } from "../web/components/conflict";
import { Field, FormError } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";
import { FocusAreasSection, type FocusAreasState } from "./focus-area-views";
import type { FocusAreaRow, Programme, ProgrammeRow } from "./queries";

/** "1 Jun 1998 – 31 Dec 2001", "from 1 Jun 1998", "until …", or nothing when no date is known. */
export function programmeDates(i18n: Translator, start: string | null, end: string | null): string {
  if (start && end) return i18n.t("programmes.datesFromTo", { start: i18n.date(start), end: i18n.date(end) });
  if (start) return i18n.t("programmes.datesFrom", { start: i18n.date(start) });
  if (end) return i18n.t("programmes.datesUntil", { end: i18n.date(end) });
  return "";
}

export function ProgrammesPage({
  i18n,
  rows,
  canManage,
}: {
  i18n: Translator;
  rows: ProgrammeRow[];
  canManage: boolean;
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="programmes-title">
      <div class="page-head">
        <h1 id="programmes-title">{t("programmes.title")}</h1>
        {canManage && (
          <div class="actions">
            <a class="button primary" href="/programmes/new">
              {t("programmes.new")}
            </a>
          </div>
        )}
      </div>
      {rows.length === 0 ? (
        <p>{t("programmes.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table" aria-labelledby="programmes-title">
            <thead>
              <tr>
                <th scope="col">{t("field.name")}</th>
                <th scope="col">{t("programmes.dates")}</th>
                <th scope="col">{t("field.funders")}</th>
                <th scope="col">{t("programmes.focusAreas")}</th>
                <th scope="col">{t("programmes.activities")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={`/programmes/${row.id}`}>{row.name}</a>
                  </th>
                  <td>{programmeDates(i18n, row.startDate, row.endDate)}</td>
                  <td>{row.funders.join(", ")}</td>
                  <td>{row.focusAreas.join(", ")}</td>
                  <td>{i18n.number(row.activityCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export type ProgrammeFormProps = {
  i18n: Translator;
  title: string;
  action: string;
  values: FormValues;
  errors?: FormErrors;
  /** Fields someone else changed while this form was open, with their stored values. */
  conflict?: { label: string; value: string }[];
};

export function ProgrammeForm({ i18n, title, action, values, errors, conflict }: ProgrammeFormProps) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  return (
    <section aria-labelledby="programme-form-title">
      <h1 id="programme-form-title">{title}</h1>
      {/* A new record has no version yet: its form is a create form, with a one-time token. */}
      <CreateForm action={action} values={values} oneTime={!values.version} class="stack record-form">
        {conflict && <ConflictNotice i18n={i18n} changes={conflict} />}
        {errors && !conflict && <FormError message={t("form.fixBelow")} />}
        <input type="hidden" name="version" value={values.version ?? ""} />
        <Field name="name" label={t("field.name")} required {...field} />
        <Field name="description" label={t("field.description")} multiline {...field} />
        <Field
          name="startDate"
          type="date"
          label={t("field.startDate")}
          hint={t("field.dateHint")}
          {...field}
        />
        <Field name="endDate" type="date" label={t("field.endDate")} hint={t("field.dateHint")} {...field} />
        <Field name="funders" label={t("field.funders")} hint={t("field.listHint")} {...field} />
        <button type="submit" class="primary">
          {t("directory.save")}
        </button>
      </CreateForm>
    </section>
  );
}

export type ProgrammePageProps = {
  i18n: Translator;
  programme: Programme;
  activityCount: number;
  areas: FocusAreaRow[];
  canManage: boolean;
  /** A refusal to show at the top (a focus area still in use). */
  notice?: string;
  focusAreaState?: FocusAreasState;
};

export function ProgrammePage({
  i18n,
  programme,
  activityCount,
  areas,
  canManage,
  notice,
  focusAreaState,
}: ProgrammePageProps) {
  const { t } = i18n;
  const p = programme;
  const facts: [string, Child][] = [
    [t("programmes.dates"), programmeDates(i18n, p.startDate, p.endDate) || null],
    [t("field.funders"), p.funders.join(", ") || null],
    [t("programmes.activities"), i18n.number(activityCount)],
  ];
  return (
    <section aria-labelledby="programme-title">
      <div class="page-head">
        <h1 id="programme-title">{p.name}</h1>
        {canManage && (
          <div class="actions">
            <a class="button" href={`/programmes/${p.id}/edit`}>
              {t("directory.edit")}
            </a>
          </div>
        )}
      </div>
      {notice && <FormError message={notice} />}
      <dl class="facts">
        {facts.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value ?? <span class="muted">{t("directory.notRecorded")}</span>}</dd>
          </>
        ))}
      </dl>
      {p.description && <p class="description">{p.description}</p>}
      <FocusAreasSection
        i18n={i18n}
        programmeId={p.id}
        areas={areas}
        canManage={canManage}
        state={focusAreaState}
      />
    </section>
  );
}
