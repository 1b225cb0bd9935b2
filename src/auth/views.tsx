/** Pages of signing in, first-run setup, setting a password from a link, and one's own account. */

import type { Translator } from "../i18n";
import { Field, FormError } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import { passwordMinLength } from "./password";
import type { SessionUser } from "./session";

type FormProps = { i18n: Translator; values?: FormValues; errors?: FormErrors; message?: string };

export function LoginPage({ i18n, values, message }: FormProps) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <form method="post" action="/login" class="stack">
        <FormError message={message} />
        <input type="hidden" name="next" value={values?.next ?? ""} />
        <AccountEmailField i18n={i18n} values={values} />
        <Field
          name="password"
          type="password"
          label={t("field.password")}
          i18n={i18n}
          autocomplete="current-password"
          required
        />
        <button type="submit" class="primary">
          {t("login.submit")}
        </button>
      </form>
      <p>
        <a href="/forgot-password">{t("login.forgot")}</a>
      </p>
      <p>
        <a href="/partner-signup">{t("login.newPartner")}</a>
      </p>
    </section>
  );
}

/** Asks for the address to send a new-password link to. */
export function ForgotPasswordPage({ i18n, values, errors, message }: FormProps) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      <p>{t("forgot.intro")}</p>
      <form method="post" action="/forgot-password" class="stack">
        <FormError message={message} />
        <AccountEmailField i18n={i18n} values={values} errors={errors} />
        <button type="submit" class="primary">
          {t("forgot.submit")}
        </button>
      </form>
    </section>
  );
}

/** "Check your email": a link was sent (or, with no mail server, an administrator passes it on from the outbox). */
export function LinkSentPage({
  i18n,
  title,
  message,
  byHand,
  signInLink = false,
}: {
  i18n: Translator;
  title: string;
  message: string;
  byHand: boolean;
  signInLink?: boolean;
}) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="link-sent-title">
      <h1 id="link-sent-title">{title}</h1>
      <p role="status">{message}</p>
      {byHand ? <p>{t("forgot.byHand")}</p> : null}
      {signInLink ? (
        <p>
          <a href="/login">{t("login.title")}</a>
        </p>
      ) : null}
    </section>
  );
}

/** The same answer whether the address has an account or not. */
export function ForgotPasswordSentPage({
  i18n,
  email,
  byHand,
}: {
  i18n: Translator;
  email: string;
  byHand: boolean;
}) {
  const { t } = i18n;
  const message = t("forgot.sent", { email });
  return (
    <LinkSentPage i18n={i18n} title={t("forgot.sentTitle")} message={message} byHand={byHand} signInLink />
  );
}

/** The address an account signs in with (signing in, setting up, asking for a new password). */
function AccountEmailField({ i18n, values, errors }: FormProps) {
  return (
    <Field
      name="email"
      type="email"
      label={i18n.t("field.email")}
      i18n={i18n}
      values={values}
      errors={errors}
      autocomplete="username"
      required
    />
  );
}

function NewPasswordFields({ i18n, errors }: FormProps) {
  const { t } = i18n;
  return (
    <>
      <Field
        name="password"
        type="password"
        label={t("field.newPassword")}
        hint={t("password.hint", { min: passwordMinLength })}
        i18n={i18n}
        errors={errors}
        autocomplete="new-password"
        required
      />
      <Field
        name="passwordConfirm"
        type="password"
        label={t("field.passwordConfirm")}
        i18n={i18n}
        errors={errors}
        autocomplete="new-password"
        required
      />
    </>
  );
}

export function SetupPage({ i18n, values, errors, token }: FormProps & { token: string }) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <form method="post" action="/setup" class="stack">
        <input type="hidden" name="token" value={token} />
        <Field
          name="name"
          label={t("field.name")}
          i18n={i18n}
          values={values}
          errors={errors}
          autocomplete="name"
          required
        />
        <AccountEmailField i18n={i18n} values={values} errors={errors} />
        <NewPasswordFields i18n={i18n} errors={errors} />
        <button type="submit" class="primary">
          {t("setup.submit")}
        </button>
      </form>
    </section>
  );
}

export function SetPasswordPage({
  i18n,
  errors,
  token,
  email,
}: FormProps & { token: string; email: string }) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="set-password-title">
      <h1 id="set-password-title">{t("setPassword.title")}</h1>
      <p>{t("setPassword.intro", { email })}</p>
      <form method="post" action="/set-password" class="stack">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} autocomplete="username" />
        <NewPasswordFields i18n={i18n} errors={errors} />
        <button type="submit" class="primary">
          {t("setPassword.submit")}
        </button>
      </form>
    </section>
  );
}

export function LinkUnusablePage({ i18n }: { i18n: Translator }) {
  return (
    <section class="narrow">
      <h1>{i18n.t("link.unusable.title")}</h1>
      <p>{i18n.t("link.unusable.body")}</p>
      <a href="/login">{i18n.t("nav.signIn")}</a>
    </section>
  );
}

export function AccountPage({ i18n, user, errors }: FormProps & { user: SessionUser }) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      <dl class="facts">
        <dt>{t("field.name")}</dt>
        <dd>{user.name}</dd>
        <dt>{t("field.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("field.role")}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
      </dl>
      <h2>{t("account.changePassword")}</h2>
      <form method="post" action="/account/password" class="stack">
        <Field
          name="currentPassword"
          type="password"
          label={t("field.currentPassword")}
          i18n={i18n}
          errors={errors}
          autocomplete="current-password"
          required
        />
        <NewPasswordFields i18n={i18n} errors={errors} />
        <button type="submit" class="primary">
          {t("account.changePassword")}
        </button>
      </form>
    </section>
  );
}
