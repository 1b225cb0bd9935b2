/** Activities on a person's page (what they took part in) and on an organisation's (what it co-organised, whom it sent). */
import type { Translator } from "../i18n";
import type { OrganizationPartnerRole, ParticipantsSent, PersonParticipation } from "./queries";

/** "15 Jun 1998 – 16 Jun 1998", or one date for a one-day activity; a line breaks after the dash, never inside a date. */
export function ActivityDates({ i18n, start, end }: { i18n: Translator; start: string; end: string | null }) {
  if (!end || end === start) return <span class="nowrap">{i18n.date(start)}</span>;
  return (
    <>
      <span class="nowrap">{i18n.date(start)} –</span> <span class="nowrap">{i18n.date(end)}</span>
    </>
  );
}

type ActivityRef = { activityId: number; title: string; activityStatus: string };

/** The activity's title, linked to its page; a cancelled one says so. */
export function ActivityLink({ i18n, activity }: { i18n: Translator; activity: ActivityRef }) {
  return (
    <>
      <a href={`/activities/${activity.activityId}`}>{activity.title}</a>
      {activity.activityStatus === "cancelled" && (
        <span class="badge">{i18n.t("activities.cancelledBadge")}</span>
      )}
    </>
  );
}

export function PersonActivities({ i18n, rows }: { i18n: Translator; rows: PersonParticipation[] }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="activities-title" id="activities">
      <h2 id="activities-title">{t("activities.title")}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t("activities.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table" aria-labelledby="activities-title">
            <thead>
              <tr>
                <th scope="col">{t("activities.activity")}</th>
                <th scope="col">{t("field.kind")}</th>
                <th scope="col">{t("activities.dates")}</th>
                <th scope="col">{t("activities.role")}</th>
                <th scope="col">{t("activities.status")}</th>
                <th scope="col">{t("activities.representing")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <ActivityLink i18n={i18n} activity={row} />
                  </th>
                  <td>{t(`activityKind.${row.kind}`)}</td>
                  <td>
                    <ActivityDates i18n={i18n} start={row.startDate} end={row.endDate} />
                  </td>
                  <td>{t(`participationRole.${row.role}`)}</td>
                  <td>{t(`participationStatus.${row.status}`)}</td>
                  <td class="text">
                    {row.organizationId !== null ? (
                      <a href={`/organizations/${row.organizationId}`}>{row.organizationName}</a>
                    ) : (
                      row.organizationName
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function JointActivities({ i18n, rows }: { i18n: Translator; rows: OrganizationPartnerRole[] }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="joint-activities-title" id="joint-activities">
      <h2 id="joint-activities-title">{t("activities.joint")}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t("activities.noneJoint")}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table" aria-labelledby="joint-activities-title">
            <thead>
              <tr>
                <th scope="col">{t("activities.activity")}</th>
                <th scope="col">{t("field.kind")}</th>
                <th scope="col">{t("activities.dates")}</th>
                <th scope="col">{t("activities.role")}</th>
                <th scope="col">{t("activities.contribution")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <ActivityLink i18n={i18n} activity={row} />
                  </th>
                  <td>{t(`activityKind.${row.kind}`)}</td>
                  <td>
                    <ActivityDates i18n={i18n} start={row.startDate} end={row.endDate} />
                  </td>
                  <td>{t(`partnerRole.${row.role}`)}</td>
                  <td class="text">{row.contribution}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function sum(rows: ParticipantsSent[], key: "sent" | "attended"): number {
  return rows.reduce((total, row) => total + row[key], 0);
}

export function ParticipantsSentTable({ i18n, rows }: { i18n: Translator; rows: ParticipantsSent[] }) {
  const { t } = i18n;
  return (
    <section aria-labelledby="participants-sent-title" id="participants-sent">
      <h2 id="participants-sent-title">{t("activities.sent")}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t("activities.noneSent")}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table" aria-labelledby="participants-sent-title">
            <thead>
              <tr>
                <th scope="col">{t("activities.activity")}</th>
                <th scope="col">{t("field.kind")}</th>
                <th scope="col">{t("activities.dates")}</th>
                <th scope="col" class="number">
                  {t("activities.sentCount")}
                </th>
                <th scope="col" class="number">
                  {t("activities.attendedCount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <ActivityLink i18n={i18n} activity={row} />
                  </th>
                  <td>{t(`activityKind.${row.kind}`)}</td>
                  <td>
                    <ActivityDates i18n={i18n} start={row.startDate} end={row.endDate} />
                  </td>
                  <td class="number">{i18n.number(row.sent)}</td>
                  <td class="number">{i18n.number(row.attended)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan={3}>
                  {t("activities.total", { count: rows.length })}
                </th>
                <td class="number">{i18n.number(sum(rows, "sent"))}</td>
                <td class="number">{i18n.number(sum(rows, "attended"))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
