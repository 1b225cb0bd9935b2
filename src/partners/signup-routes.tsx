/**
 * /partner-signup: a partner organisation's representative asks for an account (public). The organisation field
 * suggests names from the directory in any script, from three letters on and ten at most, names only. The email is
 * confirmed by a link (a page with a button, so a mail scanner opening the link confirms nothing).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { findOrganizationByName, suggestOrganizations } from "../affiliations/queries";
import { open } from "../auth/middleware";
import { reserveAttempt } from "../auth/throttle";
import { email, name } from "../auth/validation";
import { LinkUnusablePage } from "../auth/views";
import { optionalText, requiredText } from "../directory/fields";
import { limits } from "../directory/limits";
import { clientIp } from "../web/client-ip";
import { SuggestionList } from "../web/components/field";
import type { AppEnv } from "../web/env";
import { parseForm, readForm } from "../web/form";
import { render } from "../web/render";
import { confirmPartnerRequest, findRequestToConfirm, submitPartnerRequest } from "./requests";
import { ConfirmedPage, ConfirmPage, SignupPage, SignupSentPage } from "./signup-views";

export const signupRoutes = new Hono<AppEnv>();

const signupSchema = z.object({
  name,
  email,
  organization: requiredText(limits.organizationName),
  message: optionalText(1000),
});

/** Fewer letters than this suggest nothing: the public form does not list the directory. */
const minimumTyped = 3;

signupRoutes.get("/partner-signup", open(), (c) =>
  render(c, { title: c.get("i18n").t("signup.title") }, <SignupPage i18n={c.get("i18n")} />),
);

signupRoutes.get("/partner-signup/organizations", open(), async (c) => {
  const typed = (c.req.query("organization") ?? "").trim().slice(0, 200);
  const names = typed.length >= minimumTyped ? await suggestOrganizations(c.get("db"), typed, true) : [];
  return c.html(<SuggestionList id="signup-organizations" values={names} />);
});

signupRoutes.post("/partner-signup", open(), async (c) => {
  const i18n = c.get("i18n");
  const form = await parseForm(c, signupSchema);
  if (!form.ok) {
    const page = (
      <SignupPage i18n={i18n} values={form.values} errors={form.errors} message={i18n.t("form.fixBelow")} />
    );
    return render(c, { title: i18n.t("signup.title"), status: 422 }, page);
  }
  const reservation = await reserveAttempt(c.get("db"), {
    account: `signup:${form.data.email.toLowerCase()}`,
    address: `signup-ip:${clientIp(c)}`,
  });
  if (!reservation.allowed) {
    c.header("Retry-After", String(reservation.retryAfter));
    const message = i18n.t("forgot.throttled", { count: reservation.retryAfter });
    const page = <SignupPage i18n={i18n} values={form.values} message={message} />;
    return render(c, { title: i18n.t("signup.title"), status: 429 }, page);
  }
  const organizationId = await findOrganizationByName(c.get("db"), form.data.organization);
  await submitPartnerRequest(
    c.get("db"),
    {
      name: form.data.name,
      email: form.data.email,
      locale: i18n.locale,
      organizationId,
      organizationName: form.data.organization,
      message: form.data.message,
    },
    { publicUrl: c.get("config").publicUrl, requestId: c.get("requestId") },
  );
  c.get("wakeWorker")();
  const byHand = !c.get("config").mail.smtpUrl;
  const page = <SignupSentPage i18n={i18n} email={form.data.email} byHand={byHand} />;
  return render(c, { title: i18n.t("signup.sentTitle") }, page);
});

function renderLinkUnusable(c: Context<AppEnv>) {
  const page = <LinkUnusablePage i18n={c.get("i18n")} />;
  return render(c, { title: c.get("i18n").t("link.unusable.title"), status: 410 }, page);
}

signupRoutes.get("/partner-signup/confirm", open(), async (c) => {
  const token = c.req.query("token") ?? "";
  const request = await findRequestToConfirm(c.get("db"), token);
  if (!request) return renderLinkUnusable(c);
  const page = <ConfirmPage i18n={c.get("i18n")} token={token} organization={request.organizationName} />;
  return render(c, { title: c.get("i18n").t("signup.confirmTitle") }, page);
});

signupRoutes.post("/partner-signup/confirm", open(), async (c) => {
  const { token } = await readForm(c);
  if (!(await confirmPartnerRequest(c.get("db"), token ?? "", c.get("requestId"))))
    return renderLinkUnusable(c);
  return render(
    c,
    { title: c.get("i18n").t("signup.confirmedTitle") },
    <ConfirmedPage i18n={c.get("i18n")} />,
  );
});
