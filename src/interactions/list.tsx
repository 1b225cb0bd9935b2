/** The contact log page: filters in the URL (a GET form htmx submits as it is typed), newest contacts first, 50 a page. */
import { interactionKinds } from "../db/schema/enums";
import { FilterForm } from "../directory/views";
import type { Translator } from "../i18n";
import { ExportForm } from "../web/components/export-form";
import { Pagination } from "../web/components/pagination";
import type { Named } from "./names";
import type { LogEntry } from "./queries";
import { logPageSize } from "./queries";
import type { InteractionFilters } from "./validation";
import { FollowUp } from "./views";

export type LogPageProps = {
  i18n: Translator;
  filters: InteractionFilters;
  /** Filters that named no one (or several), so were left out; in words. */
  ignored: string[];
  users: Named[];
  rows: LogEntry[];
  total: number;
  query: string;
  /** May download the log (managers and above). */
  download?: boolean;
};

export function InteractionsPage(props: LogPageProps) {
  const { i18n, filters, users } = props;
  const { t } = i18n;
  return (
    <section aria-labelledby="log-title">
      <div class="page-head">
        <h1 id="log-title">{t("contacts.logPage")}</h1>
        <div class="actions">
          <a class="button" href="/interactions/not-contacted">
            {t("quiet.link")}
          </a>
          <a class="button primary" href="/interactions/new?return=/interactions">
            {t("contacts.log")}
          </a>
        </div>
      </div>
      <FilterForm base="/interactions">
        <TextFilter name="person" label={t("contacts.person")} value={filters.person} />
        <TextFilter name="organization" label={t("contacts.organization")} value={filters.organization} />
        <div class="field">
          <label for="filter-kind">{t("field.kind")}</label>
          <select id="filter-kind" name="kind">
            <option value="">{t("contacts.anyKind")}</option>
            {interactionKinds.map((kind) => (
              <option value={kind} selected={filters.kind === kind}>
                {t(`interactionKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-loggedBy">{t("contacts.loggedBy")}</label>
          <select id="filter-loggedBy" name="loggedBy">
            <option value="">{t("contacts.anyone")}</option>
            {users.map((user) => (
              <option value={String(user.id)} selected={filters.loggedBy === user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        <TextFilter name="from" type="date" label={t("contacts.from")} value={filters.from} />
        <TextFilter name="to" type="date" label={t("contacts.to")} value={filters.to} />
        <button type="submit">{t("directory.apply")}</button>
      </FilterForm>
      <InteractionsResults {...props} />
    </section>
  );
}

type TextFilterProps = { name: string; label: string; value?: string; type?: "text" | "date" };

function TextFilter({ name, label, value, type = "text" }: TextFilterProps) {
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <input id={`filter-${name}`} name={name} type={type} value={value ?? ""} />
    </div>
  );
}

/** The part htmx replaces as the filters change. */
export function InteractionsResults({ i18n, filters, ignored, rows, total, query, download }: LogPageProps) {
  const { t } = i18n;
  return (
    <div id="interactions-results" aria-live="polite">
      {ignored.map((message) => (
        <p class="notice">{message}</p>
      ))}
      <p class="muted">{t("contacts.count", { count: total })}</p>
      {download && rows.length > 0 && <ExportForm i18n={i18n} base="/interactions" query={query} />}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="record-table contact-log">
            <caption class="visually-hidden">{t("contacts.logPage")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("contacts.when")}</th>
                <th scope="col">{t("field.kind")}</th>
                <th scope="col">{t("contacts.subject")}</th>
                <th scope="col">{t("contacts.who")}</th>
                <th scope="col">{t("contacts.loggedBy")}</th>
                <th scope="col">{t("contacts.followUp")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td class="nowrap">
                    <time datetime={row.occurredAt.toISOString()}>
                      {i18n.date(row.occurredAt, "datetime")}
                    </time>
                  </td>
                  <td>{t(`interactionKind.${row.kind}`)}</td>
                  <th scope="row">
                    <a href={`/interactions/${row.id}`}>{row.subject}</a>
                  </th>
                  <td class="text">
                    <Links base="/people" records={row.people} />
                    {row.people.length > 0 && row.organizations.length > 0 && "; "}
                    <Links base="/organizations" records={row.organizations} />
                  </td>
                  <td class="text">{row.loggedByName}</td>
                  <td>
                    <FollowUp i18n={i18n} contact={row} />
                  </td>
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
        pageSize={logPageSize}
        base="/interactions"
        query={query}
      />
    </div>
  );
}

/** Records as links to their pages, separated by commas. */
export function Links({ base, records }: { base: string; records: Named[] }) {
  return (
    <>
      {records.map((record, index) => (
        <>
          {index > 0 && ", "}
          <a href={`${base}/${record.id}`}>{record.name}</a>
        </>
      ))}
    </>
  );
}
