/** A programme's focus areas: the table everyone sees, and for coordinators a form per area plus one to add. */
import type { Translator } from "../i18n";
import type { FormErrors, FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";
import type { FocusAreaRow } from "./queries";

/** The form that came back with errors: the new-area form or an area's, with what was typed. */
export type FocusAreasState = { target: "new" | number; values: FormValues; errors: FormErrors };

type Props = {
  i18n: Translator;
  programmeId: number;
  areas: FocusAreaRow[];
  canManage: boolean;
  state?: FocusAreasState;
};

export function FocusAreasSection({ i18n, programmeId, areas, canManage, state }: Props) {
  const { t } = i18n;
  const base = `/programmes/${programmeId}/focus-areas`;
  const stateOf = (target: "new" | number) => (state?.target === target ? state : undefined);
  return (
    <section aria-labelledby="focus-areas-title" id="focus-areas">
      <h2 id="focus-areas-title">{t("programmes.focusAreas")}</h2>
      {areas.length === 0 ? (
        <p class="muted">{t("focusAreas.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table" aria-labelledby="focus-areas-title">
            <thead>
              <tr>
                <th scope="col">{t("focusAreas.position")}</th>
                <th scope="col">{t("field.name")}</th>
                <th scope="col">{t("field.description")}</th>
                <th scope="col">{t("programmes.activities")}</th>
              </tr>
            </thead>
            <tbody>
              {areas.map((area, index) => (
                <tr>
                  <td>{i18n.number(index + 1)}</td>
                  <th scope="row">{area.name}</th>
                  <td class="text">{area.description ?? ""}</td>
                  <td>{i18n.number(area.activityCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && (
        <div class="stack">
          {areas.map((area) => (
            <FocusAreaForm
              i18n={i18n}
              idPrefix={`focus-area-${area.id}`}
              action={`${base}/${area.id}`}
              legend={t("focusAreas.editLegend", { name: area.name })}
              values={stateOf(area.id)?.values ?? { name: area.name, description: area.description ?? "" }}
              errors={stateOf(area.id)?.errors}
              submit={t("directory.save")}
              remove={{
                action: `${base}/${area.id}/delete`,
                label: t("focusAreas.removeLabel", { name: area.name }),
              }}
            />
          ))}
          <FocusAreaForm
            i18n={i18n}
            idPrefix="focus-area-new"
            action={base}
            legend={t("focusAreas.add")}
            values={stateOf("new")?.values ?? {}}
            errors={stateOf("new")?.errors}
            submit={t("focusAreas.add")}
            creates
          />
        </div>
      )}
    </section>
  );
}

type FormProps = {
  i18n: Translator;
  idPrefix: string;
  action: string;
  legend: string;
  values: FormValues;
  errors?: FormErrors;
  submit: string;
  /** Where the remove button posts, and what it says to a screen reader. */
  remove?: { action: string; label: string };
  /** The form adds a focus area (with a one-time token), rather than saving one. */
  creates?: boolean;
};

function FocusAreaForm(props: FormProps) {
  const { i18n, idPrefix, action, legend, values, errors, submit, remove, creates = false } = props;
  const { t } = i18n;
  return (
    <div class="focus-area-form">
      <CreateForm action={action} values={values} oneTime={creates} class="stack">
        <fieldset>
          <legend>{legend}</legend>
          <AreaField
            i18n={i18n}
            id={`${idPrefix}-name`}
            name="name"
            label={t("field.name")}
            {...{ values, errors }}
          />
          <AreaField
            i18n={i18n}
            id={`${idPrefix}-description`}
            name="description"
            label={t("field.description")}
            {...{ values, errors }}
          />
          <button type="submit">{submit}</button>
        </fieldset>
      </CreateForm>
      {remove && (
        <form method="post" action={remove.action} class="inline-form">
          <button type="submit" aria-label={remove.label}>
            {t("focusAreas.remove")}
          </button>
        </form>
      )}
    </div>
  );
}

type AreaFieldProps = {
  i18n: Translator;
  id: string;
  name: string;
  label: string;
  values: FormValues;
  errors?: FormErrors;
};

/** A labelled text field whose id is unique on the page (several forms here have a "name"). */
function AreaField({ i18n, id, name, label, values, errors }: AreaFieldProps) {
  const error = errors?.[name];
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        value={values[name] ?? ""}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p class="error" id={`${id}-error`}>
          {i18n.t(error)}
        </p>
      )}
    </div>
  );
}
