/**
 * The ways to add people to a roster (coordinators and above): find one by typeahead and add them; paste a list, or
 * take everyone with a tag or from an organisation, and review the matches; or add someone not in the directory.
 */
import { stakeholderTypes } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { Field, FormError, SelectField } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";
import { roleOptions, rosterPath, rowLink, statusOptions } from "./choices";
import type { Candidate } from "./matching";
import { maxPastedLines } from "./validation";

type FormState = { values: FormValues; errors?: FormErrors };

/** What the add forms show: a search already made, or a form that came back with errors. */
export type AddState = {
  find?: { query: string; results: Candidate[] };
  many?: FormState;
  group?: FormState;
  newPerson?: FormState;
};

const findResultsId = "find-results";

export function AddParticipants({
  i18n,
  activityId,
  state,
}: {
  i18n: Translator;
  activityId: number;
  state: AddState;
}) {
  const { t } = i18n;
  const base = rosterPath(activityId);
  return (
    <section aria-labelledby="add-participants-title" class="add-participants">
      <h2 id="add-participants-title">{t("participants.add")}</h2>
      <form method="get" action={base} class="filters">
        <div class="field">
          <label for="find-person">{t("participants.find")}</label>
          <p class="hint" id="find-person-hint">
            {t("participants.findHint")}
          </p>
          <input
            id="find-person"
            type="search"
            name="find"
            value={state.find?.query ?? ""}
            autocomplete="off"
            aria-describedby="find-person-hint"
            aria-controls={findResultsId}
            hx-get={`${base}/find`}
            hx-trigger="input changed delay:250ms"
            hx-target={`#${findResultsId}`}
            hx-swap="outerHTML"
          />
        </div>
        <button type="submit">{t("participants.search")}</button>
      </form>
      <FindResults i18n={i18n} activityId={activityId} find={state.find} />
      <details open={state.many !== undefined || state.group !== undefined}>
        <summary>{t("participants.many")}</summary>
        <form method="post" action={`${base}/review`} class="stack record-form">
          {state.many?.errors && <FormError message={t("form.fixBelow")} />}
          <Field
            name="list"
            label={t("participants.list")}
            hint={t("participants.listHint", { count: maxPastedLines })}
            multiline
            i18n={i18n}
            values={state.many?.values}
            errors={state.many?.errors}
          />
          <button type="submit">{t("participants.review")}</button>
        </form>
        <p class="hint">{t("participants.groupHint")}</p>
        {/* Two forms, so it is always clear which group is meant. */}
        <form method="post" action={`${base}/review`} class="filters">
          <Field
            name="tag"
            label={t("participants.withTag")}
            list="tags-suggestions"
            suggestUrl="/tags/suggestions?kind=person"
            i18n={i18n}
            values={state.group?.values}
            errors={state.group?.errors}
          />
          <button type="submit">{t("participants.review")}</button>
        </form>
        <form method="post" action={`${base}/review`} class="filters">
          <Field
            name="fromOrganization"
            label={t("participants.fromOrganization")}
            list="from-organization-suggestions"
            suggestUrl="/organizations/suggestions?list=from-organization-suggestions"
            i18n={i18n}
            values={state.group?.values}
            errors={state.group?.errors}
          />
          <button type="submit">{t("participants.review")}</button>
        </form>
      </details>
      <details open={state.newPerson !== undefined}>
        <summary>{t("participants.newPerson")}</summary>
        <NewPersonForm i18n={i18n} base={base} state={state.newPerson ?? { values: {} }} />
      </details>
    </section>
  );
}

function NewPersonForm({ i18n, base, state }: { i18n: Translator; base: string; state: FormState }) {
  const { t } = i18n;
  const field = { i18n, values: state.values, errors: state.errors };
  return (
    <CreateForm action={`${base}/new-person`} values={state.values} class="stack record-form">
      {state.errors && <FormError message={t("form.fixBelow")} />}
      <p class="hint">{t("participants.newPersonHint")}</p>
      <Field name="fullName" label={t("field.fullName")} required {...field} />
      <Field name="email" type="email" label={t("field.email")} {...field} />
      <Field
        name="organization"
        label={t("affiliations.organization")}
        hint={t("affiliations.organizationHint")}
        list="organization-suggestions"
        suggestUrl="/organizations/suggestions"
        {...field}
      />
      <SelectField
        name="stakeholderType"
        label={t("field.stakeholderType")}
        options={stakeholderTypes.map((type) => ({ value: type, label: t(`stakeholderType.${type}`) }))}
        selected={state.values.stakeholderType ?? "other"}
        errors={state.errors}
        i18n={i18n}
      />
      <NewRowFields i18n={i18n} values={state.values} />
      <button type="submit" class="primary">
        {t("participants.addNewPerson")}
      </button>
    </CreateForm>
  );
}

/** The role and status the people being added get. */
export function NewRowFields({ i18n, values }: { i18n: Translator; values: FormValues }) {
  const { t } = i18n;
  return (
    <>
      <SelectField
        name="role"
        label={t("participants.role")}
        options={roleOptions(i18n)}
        selected={values.role ?? "participant"}
        i18n={i18n}
      />
      <SelectField
        name="status"
        label={t("participants.status")}
        options={statusOptions(i18n)}
        selected={values.status ?? "registered"}
        i18n={i18n}
      />
    </>
  );
}

/** The typeahead's answer: each person found, with what tells namesakes apart, and "Add" or a link to their row. */
export function FindResults({
  i18n,
  activityId,
  find,
}: {
  i18n: Translator;
  activityId: number;
  find?: AddState["find"];
}) {
  const { t } = i18n;
  const base = rosterPath(activityId);
  return (
    <div id={findResultsId} aria-live="polite">
      {find && find.results.length === 0 && <p class="muted">{t("participants.noMatch")}</p>}
      {find && find.results.length > 0 && (
        <ul class="plain-list candidates">
          {find.results.map((person) => (
            <li>
              <CandidateLabel person={person} />{" "}
              {person.participationId === null ? (
                <CreateForm action={base} class="inline-form">
                  <input type="hidden" name="personId" value={String(person.id)} />
                  <button type="submit">
                    {t("participants.addOne")}
                    <span class="visually-hidden">: {person.name}</span>
                  </button>
                </CreateForm>
              ) : (
                <a href={rowLink(activityId, person.participationId)}>{t("participants.onRoster")}</a>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A person's name with their email and current organisation, which tell namesakes apart; a link to them, except in a
 * checkbox's label, where a click must tick the box.
 */
export function CandidateLabel({ person, linked = true }: { person: Candidate; linked?: boolean }) {
  const details = [person.organization, person.email].filter(Boolean).join(" · ");
  return (
    <>
      {linked ? <a href={`/people/${person.id}`}>{person.name}</a> : person.name}
      {details && <span class="muted"> · {details}</span>}
    </>
  );
}
