/** "New user" for partner organisations: the request form, its answer, and the email confirmation. */
import { LinkSentPage } from "../auth/views";
import type { Translator } from "../i18n";
import { Field, FormError } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";

export function SignupPage({
  i18n,
  values,
  errors,
  message,
}: {
  i18n: Translator;
  values?: FormValues;
  errors?: FormErrors;
  message?: string;
}) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p>{t("signup.intro")}</p>
      <form method="post" action="/partner-signup" class="stack">
        <FormError message={message} />
        <Field
          name="name"
          label={t("signup.yourName")}
          i18n={i18n}
          values={values}
          errors={errors}
          autocomplete="name"
          required
        />
        <Field
          name="email"
          type="email"
          label={t("field.email")}
          i18n={i18n}
          values={values}
          errors={errors}
          autocomplete="email"
          required
        />
        <Field
          name="organization"
          label={t("field.organization")}
          hint={t("signup.organizationHint")}
          i18n={i18n}
          values={values}
          errors={errors}
          list="signup-organizations"
          suggestUrl="/partner-signup/organizations"
          autocomplete="organization"
          required
        />
        <Field
          name="message"
          label={t("signup.message")}
          i18n={i18n}
          values={values}
          errors={errors}
          multiline
        />
        <button type="submit" class="primary">
          {t("signup.submit")}
        </button>
      </form>
      <p>
        <a href="/login">{t("signup.haveAccount")}</a>
      </p>
    </section>
  );
}

export function SignupSentPage({
  i18n,
  email,
  byHand,
}: {
  i18n: Translator;
  email: string;
  byHand: boolean;
}) {
  const { t } = i18n;
  return (
    <LinkSentPage
      i18n={i18n}
      title={t("signup.sentTitle")}
      message={t("signup.sent", { email })}
      byHand={byHand}
    />
  );
}

export function ConfirmPage({
  i18n,
  token,
  organization,
}: {
  i18n: Translator;
  token: string;
  organization: string;
}) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t("signup.confirmTitle")}</h1>
      <p>{t("signup.confirmIntro", { organization })}</p>
      <form method="post" action="/partner-signup/confirm" class="stack">
        <input type="hidden" name="token" value={token} />
        <button type="submit" class="primary">
          {t("signup.confirm")}
        </button>
      </form>
    </section>
  );
}

export function ConfirmedPage({ i18n }: { i18n: Translator }) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="confirmed-title">
      <h1 id="confirmed-title">{t("signup.confirmedTitle")}</h1>
      <p role="status">{t("signup.confirmed")}</p>
    </section>
  );
}
