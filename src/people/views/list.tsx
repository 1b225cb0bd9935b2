/** /people: the filter form and the results, which htmx swaps alone as the user types. */
import { stakeholderTypes } from "../../db/schema/enums";
import type { Translator } from "../../i18n";
import { countryName } from "../../text/country";
import { CountryList, countryListId } from "../../web/components/choices";
import { csvLink, Pagination } from "../../web/components/pagination";
import { type PersonRow, peoplePageSize } from "../queries";
import type { PeopleFilters } from "../validation";

type ListProps = {
  i18n: Translator;
  filters: PeopleFilters;
  rows: PersonRow[];
  total: number;
  query: string;
  canExport?: boolean;
};

export function PeoplePage(props: ListProps) {
  const { i18n, filters } = props;
  const { t } = i18n;
  return (
    <section aria-labelledby="people-title">
      <div class="page-head">
        <h1 id="people-title">{t("people.title")}</h1>
        <div class="actions">
          {props.canExport && (
            <a class="button" href={csvLink("/people", props.query)}>
              {t("directory.exportCsv")}
            </a>
          )}
          <a class="button primary" href="/people/new">
            {t("people.new")}
          </a>
        </div>
      </div>
      <search>
        <form
          method="get"
          action="/people"
          class="filters"
          hx-get="/people"
          hx-trigger="submit, input delay:300ms, change"
          hx-target="#people-results"
          hx-push-url="true"
        >
          <div class="field">
            <label for="filter-q">{t("directory.search")}</label>
            <input id="filter-q" type="search" name="q" value={filters.q} />
          </div>
          <div class="field">
            <label for="filter-type">{t("field.stakeholderType")}</label>
            <select id="filter-type" name="stakeholderType">
              <option value="">{t("directory.any")}</option>
              {stakeholderTypes.map((type) => (
                <option value={type} selected={filters.stakeholderType === type}>
                  {t(`stakeholderType.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-country">{t("field.country")}</label>
            <input
              id="filter-country"
              name="country"
              list={countryListId}
              value={filters.country ? countryName(filters.country, i18n.locale) : ""}
            />
            <CountryList i18n={i18n} />
          </div>
          <div class="field">
            <label for="filter-archived">{t("directory.archived")}</label>
            <select id="filter-archived" name="archived">
              <option value="">{t("directory.archived.hide")}</option>
              <option value="include" selected={filters.archived === "include"}>
                {t("directory.archived.include")}
              </option>
              <option value="only" selected={filters.archived === "only"}>
                {t("directory.archived.only")}
              </option>
            </select>
          </div>
          <button type="submit">{t("directory.apply")}</button>
        </form>
      </search>
      <PeopleResults {...props} />
    </section>
  );
}

export function PeopleResults({ i18n, rows, total, filters, query }: ListProps) {
  const { t } = i18n;
  return (
    <div id="people-results" aria-live="polite">
      <p class="muted">{t("people.count", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("people.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t("people.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("field.fullName")}</th>
                <th scope="col">{t("field.stakeholderType")}</th>
                <th scope="col">{t("field.country")}</th>
                <th scope="col">{t("field.city")}</th>
                <th scope="col">{t("field.email")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={`/people/${row.id}`}>{row.fullName}</a>
                    {row.otherNames.length > 0 && <span class="muted"> ({row.otherNames.join(", ")})</span>}
                    {row.archivedAt && <span class="badge">{t("directory.archivedBadge")}</span>}
                  </th>
                  <td>{t(`stakeholderType.${row.stakeholderType}`)}</td>
                  <td>{row.country ? countryName(row.country, i18n.locale) : ""}</td>
                  <td>{row.city ?? ""}</td>
                  <td>{row.email ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        i18n={i18n}
        page={filters.page}
        total={total}
        pageSize={peoplePageSize}
        base="/people"
        query={query}
      />
    </div>
  );
}
