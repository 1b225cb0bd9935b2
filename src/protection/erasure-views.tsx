/** Erasure's pages: the confirmation (what goes, what stays, the reason), a refusal, and an erased person's page. */
import type { Translator } from "../i18n";
import type { Person } from "../people/queries";
import { Field } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import type { ErasurePlan } from "./erasure";

type ErasePageProps = {
  i18n: Translator;
  person: Pick<Person, "id" | "fullName">;
  plan: ErasurePlan;
  values?: FormValues;
  errors?: FormErrors;
};

/** GET /people/:id/erase: what an erasure removes and keeps, with the reason to give and one clear button. */
export function ErasePage({ i18n, person, plan, values, errors }: ErasePageProps) {
  const { t } = i18n;
  const back = `/people/${person.id}`;
  return (
    <section aria-labelledby="erase-title">
      <h1 id="erase-title">{t("erasure.title", { name: person.fullName })}</h1>
      <p class="notice" role="note">
        {t("erasure.intro")}
      </p>
      <h2>{t("erasure.removedTitle")}</h2>
      <ul>
        <li>{t("erasure.removed.fields")}</li>
        {plan.records > 1 && <li>{t("erasure.removed.merged", { count: plan.records - 1 })}</li>}
        {plan.affiliations > 0 && <li>{t("erasure.removed.affiliations", { count: plan.affiliations })}</li>}
        {plan.contacts > 0 && <li>{t("erasure.removed.contacts", { count: plan.contacts })}</li>}
        {plan.historyEvents > 0 && <li>{t("erasure.removed.history", { count: plan.historyEvents })}</li>}
        {plan.importLines > 0 && <li>{t("erasure.removed.importLines", { count: plan.importLines })}</li>}
        {plan.consents > 0 && <li>{t("erasure.removed.consents", { count: plan.consents })}</li>}
        {plan.proposals > 0 && <li>{t("erasure.removed.proposals", { count: plan.proposals })}</li>}
        <li>{t("erasure.removed.text")}</li>
      </ul>
      <h2>{t("erasure.keptTitle")}</h2>
      <ul>
        <li>{t("erasure.kept.participations", { count: plan.participations })}</li>
        <li>{t("erasure.kept.fields")}</li>
      </ul>
      <form method="post" action={`${back}/erase`}>
        <Field
          name="reason"
          label={t("erasure.reason")}
          hint={t("erasure.reasonHint")}
          i18n={i18n}
          values={values}
          errors={errors}
          multiline
          required
        />
        <p>
          <button type="submit" class="danger">
            {t("erasure.confirm", { name: person.fullName })}
          </button>{" "}
          <a href={back}>{t("erasure.cancel")}</a>
        </p>
      </form>
    </section>
  );
}

/** Why this record cannot be erased (erased already, or merged into another), with where to go. */
export function ErasureRefusedPage({
  i18n,
  message,
  back,
  backLabel,
}: {
  i18n: Translator;
  message: string;
  back: string;
  backLabel: string;
}) {
  return (
    <section aria-labelledby="erasure-refused-title">
      <h1 id="erasure-refused-title">{i18n.t("erasure.refusedTitle")}</h1>
      <p>{message}</p>
      <p>
        <a href={back}>{backLabel}</a>
      </p>
    </section>
  );
}

/** An erased person's page, the same for everyone: when and why, and nothing of them. */
export function ErasedPersonPage({
  i18n,
  person,
}: {
  i18n: Translator;
  person: Pick<Person, "erasedAt" | "erasureReason">;
}) {
  const { t } = i18n;
  return (
    <article aria-labelledby="record-title">
      <h1 id="record-title">{t("erasure.erasedTitle")}</h1>
      <p class="notice">
        {t("erasure.erasedNotice", { date: person.erasedAt ? i18n.date(person.erasedAt) : "" })}
      </p>
      {person.erasureReason && <p>{t("erasure.reasonShown", { reason: person.erasureReason })}</p>}
    </article>
  );
}

/** On a person's page, for those who may erase: the way to the confirmation page. */
export function EraseLink({ i18n, personId }: { i18n: Translator; personId: number }) {
  return (
    <details class="danger-zone">
      <summary>{i18n.t("erasure.link")}</summary>
      <p>{i18n.t("erasure.linkExplained")}</p>
      <p>
        <a class="button" href={`/people/${personId}/erase`}>
          {i18n.t("erasure.open")}
        </a>
      </p>
    </details>
  );
}
