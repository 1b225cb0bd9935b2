/**
 * Consent on a person's page (each purpose's answer, date, how, who recorded it and when), the consent form, the
 * roster's compact consent cells and its form for the ticked rows, and an answer in words for other pages (the
 * history, an import's preview).
 */
import { html } from "hono/html";
import { consentStatuses } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { ConflictNotice } from "../web/components/conflict";
import { Field, FormError, SelectField } from "../web/components/field";
import { TableRegion } from "../web/components/table-region";
import type { FormErrors, FormValues } from "../web/form";
import type { PersonConsents } from "./queries";
import {
  answerToken,
  type ConsentAnswer,
  type ConsentPurpose,
  consentMethods,
  consentPurposes,
  formField,
  recordedConsentStatuses,
} from "./validation";

/** "Given · 2 May 2024 · written", or "Not recorded". */
export function consentText(i18n: Translator, answer: Partial<ConsentAnswer> | null | undefined): string {
  const { t } = i18n;
  if (!answer?.status || !(recordedConsentStatuses as readonly string[]).includes(answer.status)) {
    return t("consent.unknown");
  }
  return [
    t(`consent.${answer.status}`),
    answer.givenOn ? i18n.date(answer.givenOn) : null,
    answer.method && (consentMethods as readonly string[]).includes(answer.method)
      ? t(`consentMethod.${answer.method}`).toLowerCase()
      : null,
    answer.note || null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The person page's section: every purpose, answered or not. */
export function PersonConsentSection({
  i18n,
  personId,
  consents,
  canEdit,
}: {
  i18n: Translator;
  personId: number;
  consents: PersonConsents;
  canEdit: boolean;
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="consent-title" id="consent">
      <h2 id="consent-title">{t("consent.title")}</h2>
      <TableRegion label={t("consent.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("consent.purpose")}</th>
              <th scope="col">{t("consent.answer")}</th>
              <th scope="col">{t("consent.givenOn")}</th>
              <th scope="col">{t("consent.method")}</th>
              <th scope="col">{t("consent.note")}</th>
              <th scope="col">{t("consent.recorded")}</th>
            </tr>
          </thead>
          <tbody>
            {consentPurposes.map((purpose) => {
              const answer = consents.get(purpose);
              return (
                <tr>
                  <th scope="row">{t(`consentPurpose.${purpose}`)}</th>
                  <td class={answer ? `consent-${answer.status}` : "muted"}>
                    {answer ? t(`consent.${answer.status}`) : t("consent.unknown")}
                  </td>
                  <td>{answer?.givenOn ? i18n.date(answer.givenOn) : ""}</td>
                  <td>{answer?.method ? t(`consentMethod.${answer.method}`) : ""}</td>
                  <td class="text">{answer?.note ?? ""}</td>
                  <td>
                    {answer
                      ? t("consent.recordedBy", {
                          name: answer.recordedBy ?? t("history.system"),
                          when: i18n.date(answer.updatedAt, "datetime"),
                        })
                      : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      {canEdit && (
        <p>
          <a class="button" href={`/people/${personId}/consent`}>
            {t("consent.record")}
          </a>
        </p>
      )}
    </section>
  );
}

/** The stored answers as the form's text, each purpose at its version (0: none). */
export function consentFormValues(consents: PersonConsents): FormValues {
  const values: FormValues = {};
  for (const purpose of consentPurposes) {
    const answer = consents.get(purpose);
    values[formField(purpose, "status")] = answer?.status ?? "unknown";
    values[formField(purpose, "givenOn")] = answer?.givenOn ?? "";
    values[formField(purpose, "method")] = answer?.method ?? "";
    values[formField(purpose, "note")] = answer?.note ?? "";
    values[formField(purpose, "version")] = answerToken(answer);
  }
  return values;
}

/** GET/POST /people/:id/consent: the four purposes in one form. `conflict`: the answers someone saved meanwhile. */
export function ConsentForm({
  i18n,
  person,
  values,
  errors,
  conflict,
}: {
  i18n: Translator;
  person: { id: number; fullName: string };
  values: FormValues;
  errors?: FormErrors;
  conflict?: { purpose: ConsentPurpose; answer: string }[];
}) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  const statusOptions = consentStatuses.map((status) => ({ value: status, label: t(`consent.${status}`) }));
  const methodOptions = [
    { value: "", label: t("consent.methodNotSaid") },
    ...consentMethods.map((method) => ({ value: method, label: t(`consentMethod.${method}`) })),
  ];
  return (
    <section aria-labelledby="consent-form-title">
      <h1 id="consent-form-title">{t("consent.formTitle", { name: person.fullName })}</h1>
      <p>
        <a href={`/people/${person.id}#consent`}>{t("history.back")}</a>
      </p>
      <p class="hint">{t("consent.formHint")}</p>
      <form method="post" action={`/people/${person.id}/consent`} class="stack record-form">
        {conflict && (
          <ConflictNotice
            i18n={i18n}
            changes={conflict.map((item) => ({
              label: t(`consentPurpose.${item.purpose}`),
              value: item.answer,
            }))}
          />
        )}
        {errors && !conflict && <FormError message={t("form.fixBelow")} />}
        {consentPurposes.map((purpose) => (
          <fieldset>
            <legend>{t(`consentPurpose.${purpose}`)}</legend>
            <p class="hint">{t(`consentHint.${purpose}`)}</p>
            <input
              type="hidden"
              name={formField(purpose, "version")}
              value={values[formField(purpose, "version")] ?? "0"}
            />
            <SelectField
              name={formField(purpose, "status")}
              label={t("consent.answer")}
              options={statusOptions}
              selected={values[formField(purpose, "status")] ?? "unknown"}
              errors={errors}
              i18n={i18n}
            />
            <Field
              name={formField(purpose, "givenOn")}
              type="date"
              label={t("consent.givenOn")}
              hint={t("consent.givenOnHint")}
              {...field}
            />
            <SelectField
              name={formField(purpose, "method")}
              label={t("consent.method")}
              options={methodOptions}
              selected={values[formField(purpose, "method")] ?? ""}
              errors={errors}
              i18n={i18n}
            />
            <Field name={formField(purpose, "note")} label={t("consent.note")} {...field} />
          </fieldset>
        ))}
        <button type="submit" class="primary">
          {t("directory.save")}
        </button>
      </form>
    </section>
  );
}

/** The id of the roster's consent form, which the rows' tick boxes belong to. */
export const rosterConsentFormId = "roster-consent";

/** A roster row's tick box, in the row's actions cell (an html`` piece, as the rows are). */
export function rosterTick(i18n: Translator, participationId: number, name: string, ticked = false) {
  const label = i18n.t("participants.tick", { name });
  return ticked
    ? html`<input type="checkbox" id="tick-${participationId}" name="participationIds" value="${participationId}" form="${rosterConsentFormId}" aria-label="${label}" checked/> `
    : html`<input type="checkbox" id="tick-${participationId}" name="participationIds" value="${participationId}" form="${rosterConsentFormId}" aria-label="${label}"/> `;
}

/** A roster row's answer for one purpose: the word, or a dash that says "not recorded" to a screen reader. */
export function rosterConsentCell(i18n: Translator, status: string | null) {
  const { t } = i18n;
  if (status === null || !(recordedConsentStatuses as readonly string[]).includes(status)) {
    return html`<td class="muted"><span aria-hidden="true">–</span><span class="visually-hidden">${t("consent.unknown")}</span></td>`;
  }
  return html`<td class="consent-${status}">${t(`consent.${status as "given"}`)}</td>`;
}

/** The roster's form for the ticked rows: one purpose, the answer, how, and the day. */
export function RosterConsentForm({
  i18n,
  action,
  values = {},
  errors,
}: {
  i18n: Translator;
  action: string;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="roster-consent-title" id="roster-consent-section">
      <h2 id="roster-consent-title">{t("consent.bulkTitle")}</h2>
      <p class="hint">{t("consent.bulkHint")}</p>
      <form id={rosterConsentFormId} method="post" action={action} class="filters">
        {errors?.participationIds && <FormError message={t(errors.participationIds)} />}
        <SelectField
          name="consentPurpose"
          label={t("consent.purpose")}
          options={consentPurposes.map((purpose) => ({
            value: purpose,
            label: t(`consentPurpose.${purpose}`),
          }))}
          selected={values.consentPurpose ?? "participation"}
          errors={errors}
          i18n={i18n}
        />
        <SelectField
          name="consentStatus"
          label={t("consent.answer")}
          options={recordedConsentStatuses.map((status) => ({
            value: status,
            label: t(`consent.${status}`),
          }))}
          selected={values.consentStatus ?? "given"}
          errors={errors}
          i18n={i18n}
        />
        <SelectField
          name="consentMethod"
          label={t("consent.method")}
          options={[
            { value: "", label: t("consent.methodNotSaid") },
            ...consentMethods.map((method) => ({ value: method, label: t(`consentMethod.${method}`) })),
          ]}
          selected={values.consentMethod ?? "written"}
          errors={errors}
          i18n={i18n}
        />
        <Field
          name="consentGivenOn"
          type="date"
          label={t("consent.givenOn")}
          hint={t("consent.givenOnHint")}
          i18n={i18n}
          values={{ consentGivenOn: values.consentGivenOn ?? i18n.today() }}
          errors={errors}
        />
        <button type="submit">{t("consent.bulkSubmit")}</button>
      </form>
    </section>
  );
}
