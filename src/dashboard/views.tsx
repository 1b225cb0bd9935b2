/** The dashboard: a greeting, the size of the network, and what is coming up. */
import type { Child } from "hono/jsx";
import type { Translator } from "../i18n";
import type { NetworkCounts, UpcomingActivity } from "./queries";

type DashboardProps = {
  i18n: Translator;
  name: string;
  counts: NetworkCounts;
  upcoming: UpcomingActivity[];
  /** Sections of other features (the user's follow-ups), after the figures. */
  children?: Child;
};

export function DashboardPage({ i18n, name, counts, upcoming, children }: DashboardProps) {
  const { t } = i18n;
  const figures = [
    { label: t("dashboard.organizations", { count: counts.organizations }), value: counts.organizations },
    { label: t("dashboard.people", { count: counts.people }), value: counts.people },
    { label: t("dashboard.activities", { count: counts.activities }), value: counts.activities },
    { label: t("dashboard.attended", { count: counts.attended }), value: counts.attended },
    { label: t("dashboard.contacts", { count: counts.contacts }), value: counts.contacts },
  ];
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t("dashboard.greeting", { name })}</h1>
      <ul class="figures">
        {figures.map((figure) => (
          <li>
            <span class="figure-value">{i18n.number(figure.value)}</span>
            <span class="figure-label">{figure.label}</span>
          </li>
        ))}
      </ul>
      {children}
      <h2>{t("dashboard.upcoming")}</h2>
      {upcoming.length === 0 ? (
        <p class="muted">{t("dashboard.noUpcoming")}</p>
      ) : (
        <ul class="plain-list">
          {upcoming.map((activity) => (
            <li>
              <time datetime={activity.startDate}>{i18n.date(activity.startDate)}</time> · {activity.title}
              {activity.city && <span class="muted"> · {activity.city}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
