/** The administrator's user pages: the list with inline role and status actions, the invite form, a one-time link. */
import type { PublicUser } from "../auth/users";
import { type StaffRole, staffRoles } from "../db/schema/enums";
import type { Translator } from "../i18n";
import { Field, FormError, SelectField } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";

function roleOptions(i18n: Translator) {
  return staffRoles.map((role) => ({ value: role, label: i18n.t(`role.${role}`) }));
}

export function UsersPage({
  i18n,
  users,
  currentUserId,
}: {
  i18n: Translator;
  users: PublicUser[];
  currentUserId: number;
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="users-title">
      <div class="page-head">
        <h1 id="users-title">{t("users.title")}</h1>
        <a class="button primary" href="/admin/users/new">
          {t("users.invite")}
        </a>
      </div>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t("users.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("field.name")}</th>
              <th scope="col">{t("field.email")}</th>
              <th scope="col">{t("field.role")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow i18n={i18n} user={user} isSelf={user.id === currentUserId} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function UserRow({ i18n, user, isSelf }: { i18n: Translator; user: PublicUser; isSelf: boolean }) {
  const { t } = i18n;
  const base = `/admin/users/${user.id}`;
  return (
    <tr id={`user-${user.id}`}>
      <th scope="row">{user.name}</th>
      <td>{user.email}</td>
      <td>
        {user.role === "partner" ? (
          t("role.partner")
        ) : (
          <form method="post" action={`${base}/role`} class="inline-form">
            <label class="visually-hidden" for={`role-${user.id}`}>
              {t("users.roleOf", { name: user.name })}
            </label>
            <select id={`role-${user.id}`} name="role">
              {staffRoles.map((role: StaffRole) => (
                <option value={role} selected={role === user.role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
            <button type="submit">{t("users.saveRole")}</button>
          </form>
        )}
      </td>
      <td>{user.disabledAt ? t("users.disabled") : t("users.active")}</td>
      <td>
        <div class="actions">
          {!isSelf && (
            <form
              method="post"
              action={`${base}/${user.disabledAt ? "enable" : "disable"}`}
              class="inline-form"
            >
              <button type="submit">{user.disabledAt ? t("users.enable") : t("users.disable")}</button>
            </form>
          )}
          <form method="post" action={`${base}/reset-link`} class="inline-form">
            <button type="submit">{t("users.resetLink")}</button>
          </form>
        </div>
      </td>
    </tr>
  );
}

export function InviteUserPage({
  i18n,
  values,
  errors,
}: {
  i18n: Translator;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">{t("users.invite")}</h1>
      <CreateForm action="/admin/users" values={values} class="stack">
        <FormError message={errors?._form ? t(errors._form) : undefined} />
        <Field name="name" label={t("field.name")} i18n={i18n} values={values} errors={errors} required />
        <Field
          name="email"
          type="email"
          label={t("field.email")}
          i18n={i18n}
          values={values}
          errors={errors}
          required
        />
        <SelectField
          name="role"
          label={t("field.role")}
          options={roleOptions(i18n)}
          selected={values?.role ?? "staff"}
          errors={errors}
          i18n={i18n}
        />
        <button type="submit" class="primary">
          {t("users.sendInvite")}
        </button>
      </CreateForm>
    </section>
  );
}

/** Shown once: the link is not stored in clear, so it cannot be shown again. */
export function OneTimeLinkPage({
  i18n,
  title,
  explanation,
  link,
}: {
  i18n: Translator;
  title: string;
  explanation: string;
  link: string;
}) {
  const { t } = i18n;
  return (
    <section class="narrow" aria-labelledby="link-title">
      <h1 id="link-title">{title}</h1>
      <p>{explanation}</p>
      <label for="one-time-link">{t("users.linkLabel")}</label>
      <input id="one-time-link" class="link-box" type="text" readonly value={link} />
      <p class="muted">{t("users.linkOnce")}</p>
      <a href="/admin/users">{t("users.back")}</a>
    </section>
  );
}
