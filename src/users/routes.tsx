/** /admin/users: list, invite, change role, disable/enable, password-reset link. Admins only. */
import { type Context, Hono } from "hono";
import { actorOf, need, signedIn } from "../auth/middleware";
import { setPasswordLink } from "../auth/user-tokens";
import { EmailTakenError, findUserById, listUsers } from "../auth/users";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { parseForm } from "../web/form";
import { createOnce } from "../web/form-token";
import { render } from "../web/render";
import { changeRole, disableUser, enableUser, inviteUser, issueResetLink, type Refusal } from "./actions";
import { inviteSchema, roleSchema, userIdSchema } from "./validation";
import { InviteUserPage, OneTimeLinkPage, UsersPage } from "./views";

export const userRoutes = new Hono<AppEnv>();
const admin = need("users:manage");

/** The user named in the path, or null (the caller answers 404). */
async function targetUser(c: Context<AppEnv>) {
  const id = userIdSchema.safeParse(c.req.param("id"));
  return id.success ? ((await findUserById(c.get("db"), id.data)) ?? null) : null;
}

function afterChange(c: Context<AppEnv>, refusal: Refusal | null, name: string) {
  if (refusal) return redirectWithFlash(c, "/admin/users", { key: refusal.refused });
  return redirectWithFlash(c, "/admin/users", { key: "users.saved", params: { name } });
}

userRoutes.get("/admin/users", admin, async (c) => {
  const users = await listUsers(c.get("db"));
  const page = <UsersPage i18n={c.get("i18n")} users={users} currentUserId={signedIn(c).user.id} />;
  return render(c, { title: c.get("i18n").t("users.title") }, page);
});

userRoutes.get("/admin/users/new", admin, (c) =>
  render(c, { title: c.get("i18n").t("users.invite") }, <InviteUserPage i18n={c.get("i18n")} />),
);

userRoutes.post("/admin/users", admin, async (c) => {
  const { t } = c.get("i18n");
  const form = await parseForm(c, inviteSchema);
  if (!form.ok)
    return render(
      c,
      { title: t("users.invite"), status: 422 },
      <InviteUserPage i18n={c.get("i18n")} values={form.values} errors={form.errors} />,
    );
  try {
    // A repeat cannot show the link again (only its hash is kept): it goes to the list, where a new one can be issued.
    const saved = await createOnce(c, form.values, async (tx) => ({
      path: "/admin/users",
      token: await inviteUser(tx, form.data, actorOf(c)),
    }));
    if (saved instanceof Response) return saved;
    const link = setPasswordLink(c.get("config").publicUrl, saved.token);
    const explanation = t("users.invitedExplanation", { name: form.data.name, email: form.data.email });
    return render(
      c,
      { title: t("users.invited"), status: 201 },
      <OneTimeLinkPage
        i18n={c.get("i18n")}
        title={t("users.invited")}
        explanation={explanation}
        link={link}
      />,
    );
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    const page = (
      <InviteUserPage i18n={c.get("i18n")} values={form.values} errors={{ email: "users.emailTaken" }} />
    );
    return render(c, { title: t("users.invite"), status: 422 }, page);
  }
});

userRoutes.post("/admin/users/:id/role", admin, async (c) => {
  const user = await targetUser(c);
  if (!user) return renderErrorPage(c, 404);
  const form = await parseForm(c, roleSchema);
  if (!form.ok) return redirectWithFlash(c, "/admin/users", { key: "form.choose" });
  return afterChange(c, await changeRole(c.get("db"), user.id, form.data.role, actorOf(c)), user.name);
});

userRoutes.post("/admin/users/:id/disable", admin, async (c) => {
  const user = await targetUser(c);
  if (!user) return renderErrorPage(c, 404);
  return afterChange(c, await disableUser(c.get("db"), user.id, actorOf(c)), user.name);
});

userRoutes.post("/admin/users/:id/enable", admin, async (c) => {
  const user = await targetUser(c);
  if (!user) return renderErrorPage(c, 404);
  await enableUser(c.get("db"), user.id, actorOf(c));
  return afterChange(c, null, user.name);
});

userRoutes.post("/admin/users/:id/reset-link", admin, async (c) => {
  const { t } = c.get("i18n");
  const user = await targetUser(c);
  if (!user) return renderErrorPage(c, 404);
  const token = await issueResetLink(c.get("db"), user.id, actorOf(c));
  const link = setPasswordLink(c.get("config").publicUrl, token);
  const explanation = t("users.resetExplanation", { name: user.name });
  return render(
    c,
    { title: t("users.resetLink"), status: 201 },
    <OneTimeLinkPage
      i18n={c.get("i18n")}
      title={t("users.resetLink")}
      explanation={explanation}
      link={link}
    />,
  );
});
