/** Affiliations on a person's page (with the form to add one, and each one's Edit link and End form) and on an organisation's page. */
import type { Translator } from "../i18n";
import { FormError } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";
import { AffiliationFields } from "./form";
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
              <a href={`/organizations/${a.organizationId}`} id={`affiliation-${a.id}`}>
                {a.organizationName}
              </a>
              {a.position && <span> · {a.position}</span>}
              <span class="muted"> · {t(`affiliationKind.${a.kind}`)}</span>
              {period(i18n, a.startDate, a.endDate) && (
                <span class="muted"> · {period(i18n, a.startDate, a.endDate)}</span>
              )}
              {a.isPrimary && <span class="badge">{t("affiliations.primary")}</span>}
              {!a.current && <span class="badge">{t("affiliations.past")}</span>}
              {canEdit && (
                <span>
                  {" · "}
                  {/* Named "Edit" and described by the organisation, as the link to the organisation is named by it. */}
                  <a
                    href={`/people/${personId}/affiliations/${a.id}/edit`}
                    aria-describedby={`affiliation-${a.id}`}
                  >
                    {t("directory.edit")}
                  </a>{" "}
                </span>
              )}
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
  return (
    <details open={Boolean(errors)}>
      <summary>{t("affiliations.add")}</summary>
      <CreateForm action={`/people/${personId}/affiliations`} values={values} class="stack record-form">
        {errors && <FormError message={t("form.fixBelow")} />}
        <AffiliationFields i18n={i18n} values={values} errors={errors} />
        <button type="submit" class="primary">
          {t("affiliations.add")}
        </button>
      </CreateForm>
    </details>
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
