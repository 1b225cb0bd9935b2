/** /organizations: the filter form and the results, which htmx swaps alone as the user types. */
import { communitiesServed, organizationKinds } from "../../db/schema/enums";
import { ChoiceFilter, DirectoryListPage, DirectoryResults } from "../../directory/views";
import type { Translator } from "../../i18n";
import { countryName } from "../../text/country";
import { type OrganizationRow, organizationsPageSize } from "../queries";
import type { OrganizationFilters } from "../validation";

type ListProps = {
  i18n: Translator;
  filters: OrganizationFilters;
  rows: OrganizationRow[];
  total: number;
  /** More match than `total`: the search is too broad to count further. */
  more?: boolean;
  query: string;
  canExport?: boolean;
};

export function OrganizationsPage(props: ListProps) {
  const { i18n, filters } = props;
  const { t } = i18n;
  const ownFilters = (
    <>
      <ChoiceFilter
        i18n={i18n}
        name="kind"
        label={t("field.kind")}
        options={organizationKinds.map((kind) => ({ value: kind, label: t(`orgKind.${kind}`) }))}
        selected={filters.kind}
      />
      <ChoiceFilter
        i18n={i18n}
        name="community"
        label={t("field.communitiesServed")}
        options={communitiesServed.map((community) => ({
          value: community,
          label: t(`community.${community}`),
        }))}
        selected={filters.community}
      />
    </>
  );
  return (
    <DirectoryListPage
      i18n={i18n}
      base="/organizations"
      title={t("organizations.title")}
      newLabel={t("organizations.new")}
      filters={filters}
      query={props.query}
      canExport={props.canExport}
      tagKind="organization"
      extraFilter={ownFilters}
      results={<OrganizationResults {...props} />}
    />
  );
}

export function OrganizationResults({ i18n, rows, total, more, filters, query, canExport }: ListProps) {
  const { t } = i18n;
  return (
    <DirectoryResults
      i18n={i18n}
      base="/organizations"
      count={more ? t("directory.countMore", { count: total }) : t("organizations.count", { count: total })}
      none={t("organizations.none")}
      empty={rows.length === 0}
      page={filters.page}
      total={total}
      pageSize={organizationsPageSize}
      query={query}
      canExport={canExport}
    >
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
    </DirectoryResults>
  );
}
