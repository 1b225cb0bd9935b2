/** /organizations: the filter form and the results, which htmx swaps alone as the user types. */
import { organizationKinds } from "../../db/schema/enums";
import type { Translator } from "../../i18n";
import { countryName } from "../../text/country";
import { CountryList, countryListId } from "../../web/components/choices";
import { csvLink, Pagination } from "../../web/components/pagination";
import { type OrganizationRow, organizationsPageSize } from "../queries";
import type { OrganizationFilters } from "../validation";

type ListProps = {
  i18n: Translator;
  filters: OrganizationFilters;
  rows: OrganizationRow[];
  total: number;
  query: string;
  canExport?: boolean;
};

export function OrganizationsPage(props: ListProps) {
  const { i18n, filters } = props;
  const { t } = i18n;
  return (
    <section aria-labelledby="organizations-title">
      <div class="page-head">
        <h1 id="organizations-title">{t("organizations.title")}</h1>
        <div class="actions">
          {props.canExport && (
            <a class="button" href={csvLink("/organizations", props.query)}>
              {t("directory.exportCsv")}
            </a>
          )}
          <a class="button primary" href="/organizations/new">
            {t("organizations.new")}
          </a>
        </div>
      </div>
      <search>
        <form
          method="get"
          action="/organizations"
          class="filters"
          hx-get="/organizations"
          hx-trigger="submit, input delay:300ms, change"
          hx-target="#organization-results"
          hx-push-url="true"
        >
          <div class="field">
            <label for="filter-q">{t("directory.search")}</label>
            <input id="filter-q" type="search" name="q" value={filters.q} />
          </div>
          <div class="field">
            <label for="filter-kind">{t("field.kind")}</label>
            <select id="filter-kind" name="kind">
              <option value="">{t("directory.any")}</option>
              {organizationKinds.map((kind) => (
                <option value={kind} selected={filters.kind === kind}>
                  {t(`orgKind.${kind}`)}
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
      <OrganizationResults {...props} />
    </section>
  );
}

export function OrganizationResults({ i18n, rows, total, filters, query }: ListProps) {
  const { t } = i18n;
  return (
    <div id="organization-results" aria-live="polite">
      <p class="muted">{t("organizations.count", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("organizations.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t("organizations.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("field.name")}</th>
                <th scope="col">{t("field.kind")}</th>
                <th scope="col">{t("field.country")}</th>
                <th scope="col">{t("field.city")}</th>
                <th scope="col">{t("field.tags")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={`/organizations/${row.id}`}>{row.name}</a>
                    {row.archivedAt && <span class="badge">{t("directory.archivedBadge")}</span>}
                  </th>
                  <td>{t(`orgKind.${row.kind}`)}</td>
                  <td>{row.country ? countryName(row.country, i18n.locale) : ""}</td>
                  <td>{row.city ?? ""}</td>
                  <td>{row.tags.join(", ")}</td>
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
        pageSize={organizationsPageSize}
        base="/organizations"
        query={query}
      />
    </div>
  );
}
