/**
 * GET /activities/:id/participants/sign-in: the roster as a sheet to print and pass round the room: who is expected
 * (registered, invited or attended), their organisation, and a column to sign; blank lines for people who come
 * unannounced. The roster's CSV download, filled in with who came, imports back as attendance.
 */
import type { Activity } from "../activities/queries";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { rosterPath } from "./choices";
import type { RosterRow } from "./queries";

/** Lines left empty at the end of the sheet, for those who come without being on the roster. */
export const blankLines = 10;

/** Who the sheet lists: not those who cancelled or were marked absent. */
const notExpected: readonly RosterRow["status"][] = ["cancelled", "no_show", "nominated", "declined"];
export const expectedOnSheet = (row: RosterRow) => !notExpected.includes(row.status);

export function SignInSheet({
  i18n,
  activity,
  rows,
}: {
  i18n: Translator;
  activity: Activity;
  rows: RosterRow[];
}) {
  const { t } = i18n;
  const where = [activity.city, activity.country ? countryName(activity.country, i18n.locale) : null]
    .filter(Boolean)
    .join(", ");
  return (
    <article class="sign-in-sheet" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("participants.signInTitle", { title: activity.title })}</h1>
      <p>
        {i18n.date(activity.startDate)}
        {activity.endDate && activity.endDate !== activity.startDate
          ? ` – ${i18n.date(activity.endDate)}`
          : ""}
        {where ? ` · ${where}` : ""}
      </p>
      <p class="no-print">
        <a href={rosterPath(activity.id)}>{t("participants.backToRoster")}</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col" class="number">
              {t("participants.number")}
            </th>
            <th scope="col">{t("participants.person")}</th>
            <th scope="col">{t("participants.organization")}</th>
            <th scope="col" class="signature">
              {t("participants.signature")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr>
              <td class="number">{i18n.number(index + 1)}</td>
              <td>{row.name}</td>
              <td>{row.organizationName ?? ""}</td>
              <td class="signature" />
            </tr>
          ))}
          {Array.from({ length: blankLines }, (_, index) => (
            <tr>
              <td class="number">{i18n.number(rows.length + index + 1)}</td>
              <td />
              <td />
              <td class="signature" />
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
