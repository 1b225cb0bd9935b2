/** The person form for adding and editing; the sensitive fields appear only for coordinators and above. */
import { displacementStatuses, genders, stakeholderTypes } from "../../db/schema/enums";
import type { LikelyDuplicate } from "../../directory/duplicates";
import { TagsField } from "../../directory/tag-suggestions";
import type { Translator } from "../../i18n";
import { CountryList, countryListId } from "../../web/components/choices";
import { ConflictNotice } from "../../web/components/conflict";
import { DuplicateWarning } from "../../web/components/duplicates";
import { Field, FormError, SelectField } from "../../web/components/field";
import type { FormErrors, FormValues } from "../../web/form";
import { CreateForm } from "../../web/form-token";

export type PersonFormProps = {
  i18n: Translator;
  title: string;
  action: string;
  values: FormValues;
  withSensitive: boolean;
  errors?: FormErrors;
  conflict?: { label: string; value: string }[];
  /** Existing records this new one may duplicate: shown with a box to confirm it is a different one. */
  duplicates?: LikelyDuplicate[];
};

export function PersonForm({
  i18n,
  title,
  action,
  values,
  withSensitive,
  errors,
  conflict,
  duplicates,
}: PersonFormProps) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  const choices = (prefix: string, items: readonly string[], blank: boolean) => [
    ...(blank ? [{ value: "", label: t("directory.notRecorded") }] : []),
    ...items.map((item) => ({ value: item, label: t(`${prefix}.${item}` as Parameters<typeof t>[0]) })),
  ];
  const select = (name: string, prefix: string, items: readonly string[], blank = true) => (
    <SelectField
      name={name}
      label={t(`field.${name}` as Parameters<typeof t>[0])}
      options={choices(prefix, items, blank)}
      selected={values[name] ?? ""}
      errors={errors}
      i18n={i18n}
    />
  );
  return (
    <section aria-labelledby="person-form-title">
      <h1 id="person-form-title">{title}</h1>
      {/* A new record has no version yet: its form is a create form, with a one-time token. */}
      <CreateForm action={action} values={values} oneTime={!values.version} class="stack record-form">
        {conflict && <ConflictNotice i18n={i18n} changes={conflict} />}
        {duplicates && duplicates.length > 0 && <DuplicateWarning i18n={i18n} duplicates={duplicates} />}
        {errors && !conflict && <FormError message={t("form.fixBelow")} />}
        <input type="hidden" name="version" value={values.version ?? ""} />
        <Field name="fullName" label={t("field.fullName")} required {...field} />
        <Field name="otherNames" label={t("field.otherNames")} hint={t("field.otherNamesHint")} {...field} />
        {select("stakeholderType", "stakeholderType", stakeholderTypes, false)}
        {select("gender", "gender", genders)}
        <Field name="birthYear" label={t("field.birthYear")} {...field} />
        <Field
          name="country"
          label={t("field.country")}
          hint={t("field.countryHint")}
          list={countryListId}
          {...field}
        />
        <CountryList i18n={i18n} />
        <Field name="city" label={t("field.city")} {...field} />
        <Field name="email" type="email" label={t("field.email")} {...field} />
        <Field name="phone" type="tel" label={t("field.phone")} hint={t("field.phoneHint")} {...field} />
        <Field name="languages" label={t("field.languages")} hint={t("field.listHint")} {...field} />
        <TagsField kind="person" {...field} />
        <Field name="notes" label={t("field.notes")} multiline {...field} />
        {withSensitive && (
          <fieldset class="sensitive">
            <legend>{t("people.sensitive")}</legend>
            <Field name="community" label={t("field.community")} {...field} />
            {select("displacementStatus", "displacement", displacementStatuses)}
          </fieldset>
        )}
        <button type="submit" class="primary">
          {t("directory.save")}
        </button>
      </CreateForm>
    </section>
  );
}
