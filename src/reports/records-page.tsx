/** The page listing the records behind a report's figure, with the scope and the facets it was narrowed by. */
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { downloadLink, Pagination } from "../web/components/pagination";
import type { ReportScope } from "./filters";
import { type ActivityRecordRow, type PersonRecordRow, type RecordFacets, recordsPageSize } from "./records";
import { type ReportChoices, ScopeSummary } from "./views";

/** The facets in words: "Kind: Training · Gender: Female". */
export function facetSummary(facets: RecordFacets, i18n: Translator, choices: ReportChoices): string {
  const { t } = i18n;
  const area = choices.programmes.flatMap((p) => p.focusAreas).find((a) => a.id === facets.focusArea);
  const parts = [
    facets.activityKind && `${t("field.kind")}: ${t(`activityKind.${facets.activityKind}`)}`,
    facets.focusArea && `${t("field.focusArea")}: ${area?.name ?? t("reports.none")}`,
    facets.period && `${t("reports.period")}: ${facets.period}`,
    facets.first && t(facets.first === "new" ? "reports.newPeople" : "reports.returningPeople"),
    facets.gender &&
      `${t("field.gender")}: ${facets.gender === "none" ? t("reports.notGiven") : t(`gender.${facets.gender}`)}`,
    facets.ageGroup && `${t("reports.ageGroup")}: ${t(`reports.age.${facets.ageGroup}`)}`,
    facets.stakeholderType &&
      `${t("field.stakeholderType")}: ${facets.stakeholderType === "none" ? t("reports.notGiven") : t(`stakeholderType.${facets.stakeholderType}`)}`,
    facets.personCountry &&
      `${t("field.country")}: ${facets.personCountry === "none" ? t("reports.notGiven") : countryName(facets.personCountry, i18n.locale)}`,
    facets.orgKind &&
      `${t("reports.orgKind")}: ${facets.orgKind === "none" ? t("reports.notGiven") : t(`orgKind.${facets.orgKind}`)}`,
    facets.times && `${t("reports.activitiesAttended")}: ${t(`reports.times.${facets.times}`)}`,
    facets.movedTo && `${t("reports.movedToLead")}: ${t(`participationRole.${facets.movedTo}`)}`,
  ].filter(Boolean);
  return parts.join(" · ");
}

export function RecordsPage({
  i18n,
  scope,
  choices,
  facets,
  query,
  total,
  people,
  activities,
}: {
  i18n: Translator;
  scope: ReportScope;
  choices: ReportChoices;
  facets: RecordFacets;
  query: string;
  total: number;
  people: PersonRecordRow[];
  activities: ActivityRecordRow[];
}) {
  const { t } = i18n;
  const narrowed = facetSummary(facets, i18n, choices);
  return (
    <article class="report">
      <h1>
        {t(facets.of === "people" ? "reports.peopleBehind" : "reports.activitiesBehind", { count: total })}
      </h1>
      <ScopeSummary i18n={i18n} scope={scope} choices={choices} />
      {narrowed && <p class="report-scope">{narrowed}</p>}
      {total === 0 ? (
        <p>{t("reports.nothing")}</p>
      ) : facets.of === "people" ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("field.fullName")}</th>
              <th scope="col">{t("field.country")}</th>
              <th scope="col" class="number">
                {t("reports.activitiesAttended")}
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr>
                <th scope="row">
                  <a href={`/people/${person.id}`}>{person.fullName}</a>
                </th>
                <td>{person.country ? countryName(person.country, i18n.locale) : ""}</td>
                <td class="number">{i18n.number(person.activities)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("field.title")}</th>
              <th scope="col">{t("field.kind")}</th>
              <th scope="col">{t("field.startDate")}</th>
              <th scope="col" class="number">
                {t("reports.uniquePeople")}
              </th>
            </tr>
          </thead>
          <tbody>
            {activities.map((activity) => (
              <tr>
                <th scope="row">
                  <a href={`/activities/${activity.id}`}>{activity.title}</a>
                </th>
                <td>{t(`activityKind.${activity.kind}` as never)}</td>
                <td>{i18n.date(activity.startDate)}</td>
                <td class="number">{i18n.number(activity.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        i18n={i18n}
        page={facets.page}
        total={total}
        pageSize={recordsPageSize}
        base="/reports/records"
        query={query}
      />
      {total > 0 && (
        <p class="report-download">
          <a href={downloadLink("/reports/records", query, "csv", i18n.locale)} download>
            {t("reports.downloadList")}
          </a>{" "}
          <a href={downloadLink("/reports/records", query, "xlsx", i18n.locale)} download>
            {t("reports.downloadListXlsx")}
          </a>
        </p>
      )}
    </article>
  );
}
