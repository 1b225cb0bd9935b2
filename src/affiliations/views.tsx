/** Affiliations on a person's page (with the forms to add and end them) and on an organisation's page. */
import { affiliationKinds } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { Field, FormError, SelectField } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import type { OrganizationMember, PersonAffiliation } from "./queries";

function period(i18n: Translator, start: string | null, end: string | null): string {
  if (!start && !end) return "";
  return `${start ? i18n.date(start) : "…"} – ${end ? i18n.date(end) : i18n.t("affiliations.now")}`;
}

type PersonAffiliationsProps = {
  i18n: Translator;
  personId: number;
  affiliations: PersonAffiliation[];
  canEdit: boolean;
  values?: FormValues;
  errors?: FormErrors;
};

export function PersonAffiliations({
  i18n,
  personId,
  affiliations,
  canEdit,
  values,
  errors,
}: PersonAffiliationsProps) {
  const { t } = i18n;
  const today = i18n.today();
  return (
    <section aria-labelledby="affiliations-title" id="affiliations">
      <h2 id="affiliations-title">{t("affiliations.title")}</h2>
      {affiliations.length === 0 ? (
        <p class="muted">{t("affiliations.none")}</p>
      ) : (
        <ul class="plain-list">
          {affiliations.map((a) => (
            <li>
              <a href={`/organizations/${a.organizationId}`}>{a.organizationName}</a>
              {a.position && <span> · {a.position}</span>}
              <span class="muted"> · {t(`affiliationKind.${a.kind}`)}</span>
              {period(i18n, a.startDate, a.endDate) && (
                <span class="muted"> · {period(i18n, a.startDate, a.endDate)}</span>
              )}
              {a.isPrimary && <span class="badge">{t("affiliations.primary")}</span>}
              {!a.current && <span class="badge">{t("affiliations.past")}</span>}
              {canEdit && a.current && (
                <form
                  method="post"
                  action={`/people/${personId}/affiliations/${a.id}/end`}
                  class="inline-form end-form"
                >
                  <label for={`end-${a.id}`} class="visually-hidden">
                    {t("affiliations.endDateOf", { name: a.organizationName })}
                  </label>
                  <input id={`end-${a.id}`} type="date" name="endDate" value={today} />
                  <button type="submit">{t("affiliations.end")}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && <AddAffiliationForm i18n={i18n} personId={personId} values={values} errors={errors} />}
    </section>
  );
}

function AddAffiliationForm({
  i18n,
  personId,
  values = {},
  errors,
}: {
  i18n: Translator;
  personId: number;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  return (
    <details open={Boolean(errors)}>
      <summary>{t("affiliations.add")}</summary>
      <form method="post" action={`/people/${personId}/affiliations`} class="stack record-form">
        {errors && <FormError message={t("form.fixBelow")} />}
        <div class="field">
          <label for="field-organization">{t("affiliations.organization")}</label>
          <p class="hint" id="field-organization-hint">
            {t("affiliations.organizationHint")}
          </p>
          <input
            id="field-organization"
            name="organization"
            list="organization-suggestions"
            value={values.organization ?? ""}
            required
            autocomplete="off"
            aria-describedby={
              errors?.organization
                ? "field-organization-hint field-organization-error"
                : "field-organization-hint"
            }
            aria-invalid={errors?.organization ? "true" : undefined}
            hx-get="/organizations/suggestions"
            hx-trigger="input changed delay:250ms"
            hx-target="#organization-suggestions"
            hx-swap="outerHTML"
          />
          <datalist id="organization-suggestions" />
          {errors?.organization && (
            <p class="error" id="field-organization-error">
              {t(errors.organization)}
            </p>
          )}
        </div>
        <Field name="position" label={t("affiliations.position")} {...field} />
        <SelectField
          name="kind"
          label={t("field.kind")}
          options={affiliationKinds.map((kind) => ({ value: kind, label: t(`affiliationKind.${kind}`) }))}
          selected={values.kind ?? "staff"}
          errors={errors}
          i18n={i18n}
        />
        <Field name="startDate" type="date" label={t("affiliations.startDate")} {...field} />
        <Field name="endDate" type="date" label={t("affiliations.endDate")} {...field} />
        <label class="checkbox">
          <input type="checkbox" name="isPrimary" checked={values.isPrimary === "on"} />
          {t("affiliations.isPrimary")}
        </label>
        <button type="submit" class="primary">
          {t("affiliations.add")}
        </button>
      </form>
    </details>
  );
}

export function OrganizationSuggestions({ names }: { names: string[] }) {
  return (
    <datalist id="organization-suggestions">
      {names.map((name) => (
        <option value={name} />
      ))}
    </datalist>
  );
}

export function OrganizationPeople({ i18n, members }: { i18n: Translator; members: OrganizationMember[] }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="people-of-title">
      <h2 id="people-of-title">{t("affiliations.people")}</h2>
      {members.length === 0 ? (
        <p class="muted">{t("affiliations.nobody")}</p>
      ) : (
        <ul class="plain-list">
          {members.map((m) => (
            <li>
              <a href={`/people/${m.personId}`}>{m.personName}</a>
              {m.position && <span> · {m.position}</span>}
              {period(i18n, m.startDate, m.endDate) && (
                <span class="muted"> · {period(i18n, m.startDate, m.endDate)}</span>
              )}
              {!m.current && <span class="badge">{t("affiliations.past")}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
