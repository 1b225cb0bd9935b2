/** Sign in and out, first-run setup, set-password links, one's own account, and the language switch. */
import { type Context, Hono } from "hono";
import { setCookie } from "hono/cookie";
import { isLocale, type Translator } from "../i18n";
import { clientIp } from "../web/client-ip";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { parseForm, readForm } from "../web/form";
import { render } from "../web/render";
import { changeOwnPassword, completeSetup, saveLocale, setPasswordFromLink } from "./account";
import { deleteSessionCookie, setSessionCookie } from "./cookie";
import { requestPasswordReset } from "./forgot";
import { attemptLogin, type LoginOutcome } from "./login";
import { need, open, signedIn } from "./middleware";
import { homeOf } from "./permissions";
import { invalidateSession } from "./session";
import { findUsableToken, isValidSetupToken } from "./user-tokens";
import { findUserById, hasActiveAdmin } from "./users";
import {
  changePasswordSchema,
  forgotPasswordSchema,
  loginSchema,
  safeNextPath,
  setPasswordSchema,
  setupSchema,
} from "./validation";
import {
  AccountPage,
  ForgotPasswordPage,
  ForgotPasswordSentPage,
  LinkUnusablePage,
  LoginPage,
  SetPasswordPage,
  SetupPage,
} from "./views";

export const authRoutes = new Hono<AppEnv>();

authRoutes.get("/login", open(), (c) => {
  const user = c.get("user");
  if (user) return c.redirect(landingPath(c.req.query("next"), homeOf(user.role)), 303);
  return render(
    c,
    { title: c.get("i18n").t("login.title") },
    <LoginPage i18n={c.get("i18n")} values={{ next: c.req.query("next") ?? "" }} />,
  );
});

authRoutes.post("/login", open(), async (c) => {
  const form = await parseForm(c, loginSchema);
  const { email, password, next } = form.ok ? form.data : { email: "", password: "", next: "" };
  const outcome = await attemptLogin(c.get("db"), email, password, clientIp(c), c.get("requestId"));
  const { t } = c.get("i18n");
  if (outcome.kind === "ok") {
    setSessionCookie(c, outcome.token, outcome.expiresAt);
    return c.redirect(landingPath(next, outcome.home), 303);
  }
  if (outcome.kind === "throttled") c.header("Retry-After", String(outcome.retryAfter));
  const refusal = loginRefusal(outcome, c.get("i18n"));
  const values = { email, next: next ?? "" };
  return render(
    c,
    { title: t("login.title"), status: refusal.status },
    <LoginPage i18n={c.get("i18n")} values={values} message={refusal.message} />,
  );
});

/** After sign-in: the page asked for, else the user's own start page. */
function landingPath(next: string | undefined, home: string): string {
  const path = safeNextPath(next);
  return path === "/" ? home : path;
}

function loginRefusal(outcome: Exclude<LoginOutcome, { kind: "ok" }>, { t }: Translator) {
  switch (outcome.kind) {
    case "missing":
      return { status: 422, message: t("login.missing") } as const;
    case "throttled":
      return { status: 429, message: t("login.throttled", { count: outcome.retryAfter }) } as const;
    case "wrong":
      return { status: 401, message: t("login.wrong") } as const;
  }
}

authRoutes.get("/forgot-password", open(), (c) =>
  render(c, { title: c.get("i18n").t("forgot.title") }, <ForgotPasswordPage i18n={c.get("i18n")} />),
);

authRoutes.post("/forgot-password", open(), async (c) => {
  const i18n = c.get("i18n");
  const form = await parseForm(c, forgotPasswordSchema);
  if (!form.ok) {
    const page = <ForgotPasswordPage i18n={i18n} values={form.values} errors={form.errors} />;
    return render(c, { title: i18n.t("forgot.title"), status: 422 }, page);
  }
  const asked = await requestPasswordReset(c.get("db"), form.data.email, {
    ip: clientIp(c),
    locale: i18n.locale,
    requestId: c.get("requestId"),
  });
  if (!asked.queued) {
    c.header("Retry-After", String(asked.retryAfter));
    const message = i18n.t("forgot.throttled", { count: asked.retryAfter });
    const page = <ForgotPasswordPage i18n={i18n} values={form.values} message={message} />;
    return render(c, { title: i18n.t("forgot.title"), status: 429 }, page);
  }
  c.get("wakeWorker")();
  const byHand = !c.get("config").mail.smtpUrl;
  const page = <ForgotPasswordSentPage i18n={i18n} email={form.data.email} byHand={byHand} />;
  return render(c, { title: i18n.t("forgot.sentTitle") }, page);
});

authRoutes.post("/logout", open(), async (c) => {
  const sessionId = c.get("sessionId");
  if (sessionId) await invalidateSession(c.get("db"), sessionId);
  deleteSessionCookie(c);
  return redirectWithFlash(c, "/login", { key: "login.signedOut" });
});

authRoutes.get("/setup", open(), async (c) => {
  const token = c.req.query("token") ?? "";
  if ((await hasActiveAdmin(c.get("db"))) || !(await isValidSetupToken(c.get("db"), token)))
    return renderErrorPage(c, 404);
  return render(
    c,
    { title: c.get("i18n").t("setup.title") },
    <SetupPage i18n={c.get("i18n")} token={token} />,
  );
});

authRoutes.post("/setup", open(), async (c) => {
  const form = await parseForm(c, setupSchema);
  const token = form.values.token ?? "";
  if ((await hasActiveAdmin(c.get("db"))) || !(await isValidSetupToken(c.get("db"), token)))
    return renderErrorPage(c, 404);
  if (!form.ok) {
    const page = <SetupPage i18n={c.get("i18n")} token={token} values={form.values} errors={form.errors} />;
    return render(c, { title: c.get("i18n").t("setup.title"), status: 422 }, page);
  }
  const result = await completeSetup(c.get("db"), form.data, c.get("requestId"));
  if (!result) return renderErrorPage(c, 404);
  setSessionCookie(c, result.token, result.expiresAt);
  return redirectWithFlash(c, "/", { key: "setup.done" });
});

/** The account a set-password link is for, while the link is unused, unexpired and the account enabled. */
async function linkHolder(c: Context<AppEnv>, token: string) {
  const row = token ? await findUsableToken(c.get("db"), token) : undefined;
  const user = row ? await findUserById(c.get("db"), row.userId) : undefined;
  return user && !user.disabledAt ? user : null;
}

function renderLinkUnusable(c: Context<AppEnv>) {
  const page = <LinkUnusablePage i18n={c.get("i18n")} />;
  return render(c, { title: c.get("i18n").t("link.unusable.title"), status: 410 }, page);
}

authRoutes.get("/set-password", open(), async (c) => {
  const token = c.req.query("token") ?? "";
  const user = await linkHolder(c, token);
  if (!user) return renderLinkUnusable(c);
  const page = <SetPasswordPage i18n={c.get("i18n")} token={token} email={user.email} />;
  return render(c, { title: c.get("i18n").t("setPassword.title") }, page);
});

authRoutes.post("/set-password", open(), async (c) => {
  const form = await parseForm(c, setPasswordSchema);
  const token = form.values.token ?? "";
  // A dead link says so first: there is no point fixing a password for it.
  const user = await linkHolder(c, token);
  if (!user) return renderLinkUnusable(c);
  if (!form.ok) {
    const page = (
      <SetPasswordPage i18n={c.get("i18n")} token={token} email={user.email} errors={form.errors} />
    );
    return render(c, { title: c.get("i18n").t("setPassword.title"), status: 422 }, page);
  }
  const result = await setPasswordFromLink(
    c.get("db"),
    form.data.token,
    form.data.password,
    c.get("requestId"),
  );
  if (!result) return renderLinkUnusable(c);
  setSessionCookie(c, result.token, result.expiresAt);
  return redirectWithFlash(c, result.home, { key: "setPassword.done" });
});

authRoutes.get("/account", need("account:manage"), (c) => {
  const { user } = signedIn(c);
  return render(
    c,
    { title: c.get("i18n").t("account.title") },
    <AccountPage i18n={c.get("i18n")} user={user} />,
  );
});

authRoutes.post("/account/password", need("account:manage"), async (c) => {
  const { user, sessionId } = signedIn(c);
  const form = await parseForm(c, changePasswordSchema);
  const errors = form.ok
    ? await changeOwnPassword(c.get("db"), user.id, sessionId, form.data, c.get("requestId"))
    : form.errors;
  if (errors) {
    const page = <AccountPage i18n={c.get("i18n")} user={user} errors={errors} />;
    return render(c, { title: c.get("i18n").t("account.title"), status: 422 }, page);
  }
  return redirectWithFlash(c, "/account", { key: "account.passwordChanged" });
});

authRoutes.post("/locale", open(), async (c) => {
  const { locale } = await readForm(c);
  if (isLocale(locale)) {
    setCookie(c, "roundtable_lang", locale, {
      path: "/",
      sameSite: "Lax",
      maxAge: 365 * 24 * 3600,
      httpOnly: true,
    });
    const user = c.get("user");
    if (user) await saveLocale(c.get("db"), user.id, locale, c.get("requestId"));
  }
  return c.redirect(sameOriginReferrer(c) ?? "/", 303);
});

/** The page the user was on, when the Referer is this app's own; a language switch returns there. */
function sameOriginReferrer(c: Context<AppEnv>): string | null {
  const referrer = c.req.header("referer");
  if (!referrer || !URL.canParse(referrer)) return null;
  const url = new URL(referrer);
  // Same rule as after sign-in: this site's own 404 page at "//evil.example" must not send anyone there.
  return url.origin === new URL(c.req.url).origin ? safeNextPath(url.pathname + url.search) : null;
}
