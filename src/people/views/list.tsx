/** /people: the filter form and the results, which htmx swaps alone as the user types. */
import { stakeholderTypes } from "../../db/schema/enums";
import { ChoiceFilter, DirectoryListPage, DirectoryResults, TextFilter } from "../../directory/views";
import type { Translator } from "../../i18n";
import { countryName } from "../../text/country";
import { type PersonRow, peoplePageSize } from "../queries";
import type { PeopleFilters } from "../validation";

type ListProps = {
  i18n: Translator;
  filters: PeopleFilters;
  rows: PersonRow[];
  total: number;
  /** More match than `total`: the search is too broad to count further. */
  more?: boolean;
  query: string;
  canExport?: boolean;
  /** Coordinators and above: they may filter by community. */
  withSensitive?: boolean;
};

export function PeoplePage(props: ListProps) {
  const { i18n, filters } = props;
  const { t } = i18n;
  const ownFilters = (
    <>
      <ChoiceFilter
        i18n={i18n}
        name="stakeholderType"
        label={t("field.stakeholderType")}
        options={stakeholderTypes.map((type) => ({ value: type, label: t(`stakeholderType.${type}`) }))}
        selected={filters.stakeholderType}
      />
      {props.withSensitive && (
        <TextFilter name="community" label={t("field.community")} value={filters.community} />
      )}
    </>
  );
  return (
    <DirectoryListPage
      i18n={i18n}
      base="/people"
      title={t("people.title")}
      newLabel={t("people.new")}
      filters={filters}
      query={props.query}
      canExport={props.canExport}
      tagKind="person"
      extraFilter={ownFilters}
      results={<PeopleResults {...props} />}
    />
  );
}

export function PeopleResults({ i18n, rows, total, more, filters, query, canExport }: ListProps) {
  const { t } = i18n;
  return (
    <DirectoryResults
      i18n={i18n}
      base="/people"
      count={more ? t("directory.countMore", { count: total }) : t("people.count", { count: total })}
      none={t("people.none")}
      empty={rows.length === 0}
      page={filters.page}
      total={total}
      pageSize={peoplePageSize}
      query={query}
      canExport={canExport}
    >
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
    </DirectoryResults>
  );
}
