/** The organisation form for adding and editing, with the errors beside each field and an edit conflict explained. */
import { communitiesServed, organizationKinds } from "../../db/schema/enums";
import type { LikelyDuplicate } from "../../directory/duplicates";
import { TagsField } from "../../directory/tag-suggestions";
import type { Translator } from "../../i18n";
import { CheckboxGroup, CountryList, countryListId } from "../../web/components/choices";
import { ConflictNotice } from "../../web/components/conflict";
import { DuplicateWarning } from "../../web/components/duplicates";
import { Field, FormError, SelectField } from "../../web/components/field";
import type { FormErrors, FormValues } from "../../web/form";
import { CreateForm } from "../../web/form-token";

export type OrganizationFormProps = {
  i18n: Translator;
  title: string;
  action: string;
  values: FormValues;
  errors?: FormErrors;
  /** Fields someone else changed while this form was open, with their stored values. */
  conflict?: { label: string; value: string }[];
  /** Existing records this new one may duplicate: shown with a box to confirm it is a different one. */
  duplicates?: LikelyDuplicate[];
};

export function OrganizationForm({
  i18n,
  title,
  action,
  values,
  errors,
  conflict,
  duplicates,
}: OrganizationFormProps) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  return (
    <section aria-labelledby="organization-form-title">
      <h1 id="organization-form-title">{title}</h1>
      {/* A new record has no version yet: its form is a create form, with a one-time token. */}
      <CreateForm action={action} values={values} oneTime={!values.version} class="stack record-form">
        {conflict && <ConflictNotice i18n={i18n} changes={conflict} />}
        {duplicates && duplicates.length > 0 && <DuplicateWarning i18n={i18n} duplicates={duplicates} />}
        {errors && !conflict && <FormError message={t("form.fixBelow")} />}
        <input type="hidden" name="version" value={values.version ?? ""} />
        <Field name="name" label={t("field.name")} required {...field} />
        <SelectField
          name="kind"
          label={t("field.kind")}
          options={organizationKinds.map((kind) => ({ value: kind, label: t(`orgKind.${kind}`) }))}
          selected={values.kind ?? "ngo"}
          errors={errors}
          i18n={i18n}
        />
        <Field
          name="country"
          label={t("field.country")}
          hint={t("field.countryHint")}
          list={countryListId}
          {...field}
        />
        <CountryList i18n={i18n} />
        <Field name="city" label={t("field.city")} {...field} />
        <Field name="address" label={t("field.address")} {...field} />
        <Field name="website" label={t("field.website")} {...field} />
        <Field name="email" type="email" label={t("field.email")} {...field} />
        <Field name="phone" type="tel" label={t("field.phone")} hint={t("field.phoneHint")} {...field} />
        <Field name="sectors" label={t("field.sectors")} hint={t("field.listHint")} {...field} />
        <CheckboxGroup
          name="communitiesServed"
          legend={t("field.communitiesServed")}
          options={communitiesServed.map((community) => ({
            value: community,
            label: t(`community.${community}`),
          }))}
          checked={(values.communitiesServed ?? "").split(",")}
          errors={errors}
          i18n={i18n}
        />
        <Field name="description" label={t("field.description")} multiline {...field} />
        <TagsField kind="organization" {...field} />
        <button type="submit" class="primary">
          {t("directory.save")}
        </button>
      </CreateForm>
    </section>
  );
}
