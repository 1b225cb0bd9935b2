/**
 * The "log a contact" page and a contact's edit page: who (ticked records and typed names), what, when, and an
 * optional follow-up, in one form.
 */
import type { Child } from "hono/jsx";
import { interactionKinds } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { ConflictNotice } from "../web/components/conflict";
import { Field, FormError, SelectField, SuggestionList } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";
import type { Named } from "./names";

/** A record in the form; `unticked`: linked to the contact being edited, but its box cleared before an error. */
export type ChosenRecord = Named & { unticked?: boolean };
/** The records already in the form: from the page it was opened on, ticked before it came back with errors, or linked. */
export type Chosen = { people: ChosenRecord[]; organizations: ChosenRecord[]; activity?: ChosenRecord };

export type LogContactProps = {
  i18n: Translator;
  values: FormValues;
  errors?: FormErrors;
  /** Errors beside the typed names, already in words: they name the entries that found no one or several. */
  whoErrors?: { people?: string; organizations?: string };
  chosen: Chosen;
  users: Named[];
  /** The contact being edited: the form saves it (at the version in `values`) instead of logging a new one. */
  editing?: { id: number; subject: string };
  /** Someone saved the contact since this form was opened: what they changed. */
  conflict?: { label: string; value: string }[];
};

export function LogContactPage(props: LogContactProps) {
  const { i18n, values, errors, whoErrors, editing, conflict } = props;
  const { t } = i18n;
  const failed = (errors && Object.keys(errors).length > 0) || whoErrors?.people || whoErrors?.organizations;
  const title = editing ? t("contacts.editTitle", { subject: editing.subject }) : t("contacts.logTitle");
  const fields = (
    <>
      {conflict && <ConflictNotice i18n={i18n} changes={conflict} />}
      {failed && <FormError message={t("form.fixBelow")} />}
      <ContactFields {...props} />
    </>
  );
  return (
    <section aria-labelledby="log-contact-title">
      <h1 id="log-contact-title">{title}</h1>
      {editing ? (
        <CreateForm
          oneTime={false}
          action={`/interactions/${editing.id}`}
          values={values}
          class="stack record-form"
        >
          <input type="hidden" name="version" value={values.version ?? ""} />
          {fields}
          <button type="submit" class="primary">
            {t("directory.save")}
          </button>
        </CreateForm>
      ) : (
        <CreateForm action="/interactions" values={values} class="stack record-form">
          <input type="hidden" name="return" value={values.return ?? ""} />
          {fields}
          <button type="submit" class="primary">
            {t("contacts.save")}
          </button>
        </CreateForm>
      )}
    </section>
  );
}

function ContactFields({ i18n, values, errors, whoErrors, chosen, users }: LogContactProps): Child {
  const { t } = i18n;
  const field = { i18n, values, errors };
  return (
    <>
      <fieldset class="checkbox-group">
        <legend>{t("contacts.who")}</legend>
        {chosen.people.map((person) => (
          <Tick name="personIds" record={person} />
        ))}
        {chosen.organizations.map((organization) => (
          <Tick name="organizationIds" record={organization} />
        ))}
        <NamesField name="people" label={t("contacts.people")} error={whoErrors?.people} {...field} />
        <NamesField
          name="organizations"
          label={t("contacts.organizations")}
          error={whoErrors?.organizations}
          {...field}
        />
      </fieldset>
      {chosen.activity && (
        <label class="checkbox">
          <input
            type="checkbox"
            name="activityId"
            value={String(chosen.activity.id)}
            checked={!chosen.activity.unticked}
          />
          {t("contacts.activity", { title: chosen.activity.name })}
        </label>
      )}
      <SelectField
        name="kind"
        label={t("field.kind")}
        options={interactionKinds.map((kind) => ({ value: kind, label: t(`interactionKind.${kind}`) }))}
        selected={values.kind ?? "meeting"}
        errors={errors}
        i18n={i18n}
      />
      <Field name="occurredAt" type="datetime-local" label={t("contacts.when")} required {...field} />
      <Field name="subject" label={t("contacts.subject")} required {...field} />
      <Field name="notes" label={t("contacts.notes")} multiline {...field} />
      <fieldset class="checkbox-group">
        <legend>{t("contacts.followUp")}</legend>
        <Field name="followUpDue" type="date" label={t("contacts.followUpDue")} {...field} />
        <SelectField
          name="followUpAssigneeId"
          label={t("contacts.assignee")}
          options={users.map((user) => ({ value: String(user.id), label: user.name }))}
          selected={values.followUpAssigneeId}
          errors={errors}
          i18n={i18n}
        />
        <Field name="followUpNote" label={t("contacts.followUpNote")} {...field} />
      </fieldset>
    </>
  );
}

function Tick({ name, record }: { name: string; record: ChosenRecord }) {
  return (
    <label class="checkbox">
      <input type="checkbox" name={name} value={String(record.id)} checked={!record.unticked} />
      {record.name}
    </label>
  );
}

type NamesFieldProps = {
  name: "people" | "organizations";
  label: string;
  i18n: Translator;
  values: FormValues;
  error?: string;
};

/** Several names or emails, separated by ";"; the typeahead completes the last one. */
function NamesField({ name, label, i18n, values, error }: NamesFieldProps) {
  const id = `field-${name}`;
  const list = `${name}-suggestions`;
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {i18n.t("contacts.namesHint")}
      </p>
      <input
        id={id}
        name={name}
        value={values[name] ?? ""}
        list={list}
        autocomplete="off"
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        hx-get={`/interactions/suggestions/${name}`}
        hx-trigger="input changed delay:250ms"
        hx-target={`#${list}`}
        hx-swap="outerHTML"
      />
      <SuggestionList id={list} values={[]} />
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
