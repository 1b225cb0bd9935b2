/** The affiliation form: its fields (shared by the add form on a person's page and the edit page), and the edit page. */
import { affiliationKinds } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { ConflictNotice } from "../web/components/conflict";
import { Field, FormError, SelectField } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";

type FieldsProps = { i18n: Translator; values: FormValues; errors?: FormErrors };

/** An organisation typed and picked from suggestions (GET /organizations/suggestions); the server finds it by its exact name. */
export function OrganizationNameField({ i18n, values, errors }: FieldsProps) {
  return (
    <Field
      name="organization"
      label={i18n.t("affiliations.organization")}
      hint={i18n.t("affiliations.organizationHint")}
      required
      list="organization-suggestions"
      suggestUrl="/organizations/suggestions"
      i18n={i18n}
      values={values}
      errors={errors}
    />
  );
}

export function AffiliationFields({ i18n, values, errors }: FieldsProps) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  return (
    <>
      <OrganizationNameField {...field} />
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
    </>
  );
}

type EditPageProps = FieldsProps & {
  person: { id: number; name: string };
  action: string;
  /** Fields someone else changed while this form was open, with their stored values. */
  conflict?: { label: string; value: string }[];
};

export function AffiliationEditPage({ i18n, person, action, values, errors, conflict }: EditPageProps) {
  const { t } = i18n;
  return (
    <section aria-labelledby="affiliation-form-title">
      <h1 id="affiliation-form-title">{t("affiliations.editTitle")}</h1>
      <p>
        <a href={`/people/${person.id}#affiliations`}>{person.name}</a>
      </p>
      <form method="post" action={action} class="stack record-form">
        {conflict && <ConflictNotice i18n={i18n} changes={conflict} />}
        {errors && !conflict && <FormError message={t("form.fixBelow")} />}
        <input type="hidden" name="version" value={values.version ?? ""} />
        <AffiliationFields i18n={i18n} values={values} errors={errors} />
        <button type="submit" class="primary">
          {t("directory.save")}
        </button>
      </form>
    </section>
  );
}
