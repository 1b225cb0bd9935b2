/** A follow-up's new day and assignee: one form, on a contact's page and on each row of the dashboard's follow-ups. */
import type { Translator } from "../i18n";
import type { FormErrors, FormValues } from "../web/form";
import type { Named } from "./names";
import { localPath } from "./validation";

type MoveFormProps = {
  i18n: Translator;
  contact: { id: number; subject: string; followUpDue: string | null; followUpAssigneeId: number | null };
  users: Named[];
  /** Where to go once saved: the contact's page or the dashboard. */
  back: string;
  values?: FormValues;
  errors?: FormErrors;
};

/**
 * A follow-up's day and assignee. Its ids carry the contact's id: the dashboard shows one form per follow-up.
 * Disabled users cannot be chosen, but the current assignee stays listed so the form can keep them.
 */
export function FollowUpMoveForm({ i18n, contact, users, back, values, errors }: MoveFormProps) {
  const { t } = i18n;
  const prefix = `follow-up-${contact.id}`;
  const due = values?.followUpDue ?? contact.followUpDue ?? "";
  const assignee = values?.followUpAssigneeId ?? String(contact.followUpAssigneeId ?? "");
  const error = (name: "followUpDue" | "followUpAssigneeId") => {
    const key = errors?.[name];
    return key ? { id: `${prefix}-${name}-error`, text: t(key) } : undefined;
  };
  const [dueError, assigneeError] = [error("followUpDue"), error("followUpAssigneeId")];
  return (
    <form
      method="post"
      action={`/interactions/${contact.id}/follow-up`}
      class="stack record-form"
      aria-label={t("contacts.moveFollowUpLabel", { subject: contact.subject })}
    >
      {/* A form sent back with errors keeps where it came from (the dashboard), not only the page it is shown on. */}
      <input type="hidden" name="return" value={localPath(values?.return) ?? back} />
      <div class={dueError ? "field field-error" : "field"}>
        <label for={`${prefix}-due`}>{t("contacts.followUpDue")}</label>
        <input
          id={`${prefix}-due`}
          type="date"
          name="followUpDue"
          value={due}
          required
          aria-invalid={dueError ? "true" : undefined}
          aria-describedby={dueError?.id}
        />
        {dueError && (
          <p class="error" id={dueError.id}>
            {dueError.text}
          </p>
        )}
      </div>
      <div class={assigneeError ? "field field-error" : "field"}>
        <label for={`${prefix}-assignee`}>{t("contacts.assignee")}</label>
        <select
          id={`${prefix}-assignee`}
          name="followUpAssigneeId"
          aria-invalid={assigneeError ? "true" : undefined}
          aria-describedby={assigneeError?.id}
        >
          {users.map((user) => (
            <option value={String(user.id)} selected={String(user.id) === assignee}>
              {user.name}
            </option>
          ))}
        </select>
        {assigneeError && (
          <p class="error" id={assigneeError.id}>
            {assigneeError.text}
          </p>
        )}
      </div>
      <button type="submit">{t("contacts.saveFollowUp")}</button>
    </form>
  );
}
