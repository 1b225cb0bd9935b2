/**
 * "My follow-ups" on the dashboard: open ones, overdue first, each with a "Done" button that works with and without
 * htmx, and a form to reassign or reschedule it.
 */
import type { Translator } from "../i18n";
import { FollowUpMoveForm } from "./follow-up-form";
import type { OpenFollowUp } from "./follow-ups";
import type { Named } from "./names";

type FollowUpsProps = { i18n: Translator; rows: OpenFollowUp[]; users: Named[]; me: number };

export function MyFollowUps({ i18n, rows, users, me }: FollowUpsProps) {
  const { t } = i18n;
  return (
    <section aria-labelledby="follow-ups-title" id="follow-ups">
      <h2 id="follow-ups-title">{t("followUps.title")}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t("followUps.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table" aria-labelledby="follow-ups-title">
            <thead>
              <tr>
                <th scope="col">{t("followUps.due")}</th>
                <th scope="col">{t("contacts.subject")}</th>
                <th scope="col">{t("contacts.followUpNote")}</th>
                <th scope="col">
                  <span class="visually-hidden">{t("followUps.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <FollowUpRow i18n={i18n} row={row} users={users} me={me} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FollowUpRow({
  i18n,
  row,
  users,
  me,
}: {
  i18n: Translator;
  row: OpenFollowUp;
  users: Named[];
  me: number;
}) {
  const { t } = i18n;
  const overdue = row.followUpDue < i18n.today();
  return (
    <tr class="follow-up">
      <td class="nowrap">
        <time datetime={row.followUpDue}>{i18n.date(row.followUpDue)}</time>
        {overdue && <span class="badge warning">{t("contacts.overdue")}</span>}
      </td>
      <th scope="row">
        <a href={`/interactions/${row.id}`}>{row.subject}</a>
      </th>
      <td class="text">{row.followUpNote}</td>
      <td>
        <form
          method="post"
          action={`/interactions/${row.id}/follow-up/done`}
          hx-post={`/interactions/${row.id}/follow-up/done`}
          hx-target="closest tr"
          hx-swap="outerHTML swapEmpty:true"
        >
          <button type="submit" aria-label={t("followUps.doneLabel", { subject: row.subject })}>
            {t("followUps.done")}
          </button>
        </form>
        <details>
          <summary>
            {t("contacts.moveFollowUp")}
            <span class="visually-hidden">: {row.subject}</span>
          </summary>
          <FollowUpMoveForm
            i18n={i18n}
            contact={{ ...row, followUpAssigneeId: me }}
            users={users}
            back="/#follow-ups"
          />
        </details>
      </td>
    </tr>
  );
}

/** The answer to "Done" under htmx: nothing for the row (so it is removed), a message for the flash area beside it. */
export function FlashUpdate({ message }: { message: string }) {
  return (
    <div id="flash" hx-swap-oob="innerHTML">
      <p class="flash">{message}</p>
    </div>
  );
}
