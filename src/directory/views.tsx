/** The frame every directory list and record page shares: heading and actions, filter form, results, facts. */
import type { Child } from "hono/jsx";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { CountryList, countryListId } from "../web/components/choices";
import { ExportForm } from "../web/components/export-form";
import { SuggestionList } from "../web/components/field";
import { Pagination } from "../web/components/pagination";
import type { DirectoryFilters } from "./fields";
import { tagSuggestionsId, tagSuggestionsUrl } from "./tag-suggestions";

type ListPageProps = {
  i18n: Translator;
  /** "/people" or "/organizations": the list's URL, its records' and its CSV's. */
  base: string;
  title: string;
  newLabel: string;
  filters: DirectoryFilters;
  query: string;
  canExport?: boolean;
  /** The filters specific to this list (a kind or a stakeholder type, a community). */
  extraFilter: Child;
  /** Whose tags the tag filter suggests as it is typed. */
  tagKind: "person" | "organization";
  results: Child;
};

export function DirectoryListPage({
  i18n,
  base,
  title,
  newLabel,
  filters,
  query,
  canExport,
  extraFilter,
  tagKind,
  results,
}: ListPageProps) {
  const { t } = i18n;
  return (
    <section aria-labelledby="list-title">
      <div class="page-head">
        <h1 id="list-title">{title}</h1>
        <div class="actions">
          <a class="button primary" href={`${base}/new`}>
            {newLabel}
          </a>
        </div>
      </div>
      <FilterForm base={base}>
        <div class="field">
          <label for="filter-q">{t("directory.search")}</label>
          <input id="filter-q" type="search" name="q" value={filters.q} />
        </div>
        {extraFilter}
        <CountryFilter i18n={i18n} country={filters.country} />
        <TextFilter name="city" label={t("field.city")} value={filters.city} />
        <div class="field">
          <label for="filter-tag">{t("field.tag")}</label>
          <input
            id="filter-tag"
            name="tag"
            value={filters.tag ?? ""}
            list={tagSuggestionsId}
            autocomplete="off"
            hx-get={tagSuggestionsUrl(tagKind)}
            hx-trigger="input changed delay:250ms"
            hx-target={`#${tagSuggestionsId}`}
            hx-swap="outerHTML"
          />
          <SuggestionList id={tagSuggestionsId} values={[]} />
        </div>
        <div class="field">
          <label for="filter-sort">{t("directory.sort")}</label>
          <select id="filter-sort" name="sort">
            <option value="name">{t("directory.sort.name")}</option>
            <option value="updated" selected={filters.sort === "updated"}>
              {t("directory.sort.updated")}
            </option>
          </select>
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
      </FilterForm>
      {results}
    </section>
  );
}

type ResultsProps = {
  i18n: Translator;
  base: string;
  count: string;
  none: string;
  empty: boolean;
  page: number;
  total: number;
  pageSize: number;
  query: string;
  /** May download the list (managers and above). */
  canExport?: boolean;
  children: Child;
};

/**
 * The part htmx swaps: how many match, the download of what is shown (so it follows the filters as they are typed),
 * the table (or a word that none do), the page links.
 */
export function DirectoryResults({
  i18n,
  base,
  count,
  none,
  empty,
  page,
  total,
  pageSize,
  query,
  canExport,
  children,
}: ResultsProps) {
  return (
    <div id={`${base.slice(1)}-results`} aria-live="polite">
      <p class="muted">{count}</p>
      {canExport && !empty && <ExportForm i18n={i18n} base={base} query={query} />}
      {empty ? <p>{none}</p> : <div class="table-wrap">{children}</div>}
      <Pagination i18n={i18n} page={page} total={total} pageSize={pageSize} base={base} query={query} />
    </div>
  );
}

/** Whether the viewer may merge this record, and the record it was merged into, if any. */
export type RecordMerge = { allowed: boolean; mergedInto: { name: string; href: string } | null };

type RecordProps = {
  i18n: Translator;
  base: string;
  title: string;
  archivedAt: Date | null;
  facts: [string, Child][];
  merge?: RecordMerge;
  children?: Child;
};

/** A record's page: its name with Edit / History / Timeline / Merge / Archive, the archived and merged notices, the facts that have a value. */
export function DirectoryRecord({ i18n, base, title, archivedAt, facts, merge, children }: RecordProps) {
  const { t } = i18n;
  return (
    <article aria-labelledby="record-title">
      <div class="page-head">
        <h1 id="record-title">{title}</h1>
        <div class="actions">
          {!merge?.mergedInto && (
            <a class="button" href={`${base}/edit`}>
              {t("directory.edit")}
            </a>
          )}
          <a class="button" href={`${base}/history`}>
            {t("history.link")}
          </a>
          <a class="button" href={`${base}/timeline`}>
            {t("timeline.link")}
          </a>
          {merge?.allowed && !merge.mergedInto && (
            <a class="button" href={`${base}/merge`}>
              {t("merge.action")}
            </a>
          )}
          {!merge?.mergedInto && (
            <form method="post" action={`${base}/${archivedAt ? "restore" : "archive"}`} class="inline-form">
              <button type="submit">{archivedAt ? t("directory.restore") : t("directory.archive")}</button>
            </form>
          )}
        </div>
      </div>
      {archivedAt && <p class="notice">{t("directory.archivedNotice", { date: i18n.date(archivedAt) })}</p>}
      {merge?.mergedInto && (
        <p class="notice">
          {t("merge.mergedIntoNotice")} <a href={merge.mergedInto.href}>{merge.mergedInto.name}</a>
        </p>
      )}
      <dl class="facts">
        {facts
          .filter(([, value]) => value !== null && value !== "")
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
      {children}
    </article>
  );
}

type ChoiceFilterProps = {
  i18n: Translator;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  selected?: string;
};

/** A list's own filter: one choice from a vocabulary, or any. */
export function ChoiceFilter({ i18n, name, label, options, selected }: ChoiceFilterProps) {
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{i18n.t("directory.any")}</option>
        {options.map((option) => (
          <option value={option.value} selected={selected === option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A filter on a free-text field (a city, a community), matched whole in any case. */
export function TextFilter({ name, label, value }: { name: string; label: string; value?: string }) {
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <input id={`filter-${name}`} name={name} value={value ?? ""} />
    </div>
  );
}

/**
 * A list's filter form: a plain GET form (the URL keeps the filters, so a filtered list can be bookmarked) that htmx
 * submits as the user types or chooses (every field sends `input`), swapping only the results (`#<list>-results`).
 * Not on `change` as well: leaving a field would fetch the same results again and close the download form in them.
 */
export function FilterForm({ base, children }: { base: string; children: Child }) {
  return (
    <search>
      <form
        method="get"
        action={base}
        class="filters"
        hx-get={base}
        hx-trigger="submit, input delay:300ms"
        hx-target={`#${base.slice(1)}-results`}
        hx-push-url="true"
      >
        {children}
      </form>
    </search>
  );
}

/** A country filter typed by name in the user's language (any of ours, or a code), with the names suggested. */
export function CountryFilter({ i18n, country }: { i18n: Translator; country: string | undefined }) {
  return (
    <div class="field">
      <label for="filter-country">{i18n.t("field.country")}</label>
      <input
        id="filter-country"
        name="country"
        list={countryListId}
        value={country ? countryName(country, i18n.locale) : ""}
      />
      <CountryList i18n={i18n} />
    </div>
  );
}
