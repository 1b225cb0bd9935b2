/** The access log read back: a person's (coordinators and above) and everyone's (admins), newest first, 50 a page. */
import { isMessageKey, type Translator } from "../i18n";
import { TableRegion } from "../web/components/table-region";
import type { AccessLogRow } from "./access-log";

/** On a person's page, for those who may read who saw their sensitive fields. */
export function AccessLogLink({ i18n, personId }: { i18n: Translator; personId: number }) {
  return (
    <p>
      <a href={`/people/${personId}/access-log`}>{i18n.t("accessLog.personLink")}</a>
    </p>
  );
}

/**
 * What was seen or downloaded, in words: `accessLog.what.<what>` when there is such a message (other parts add
 * theirs), a list download as "<list> (CSV)", else the code itself; "cli:" marks the command line.
 */
export function whatLabel(i18n: Translator, what: string): string {
  const { t } = i18n;
  const fromCli = what.startsWith("cli:");
  const name = fromCli ? what.slice("cli:".length) : what;
  const own = `accessLog.what.${name}`;
  const download = /^(.+)\.(csv|xlsx)$/.exec(name);
  const list = download ? `accessLog.list.${download[1]}` : "";
  const label = isMessageKey(own)
    ? t(own)
    : download && isMessageKey(list)
      ? t("accessLog.download", { list: t(list), format: (download[2] ?? "").toUpperCase() })
      : name;
  return fromCli ? t("accessLog.fromCli", { what: label }) : label;
}

function who(i18n: Translator, row: AccessLogRow): string {
  if (row.userName !== null) return row.userName;
  return i18n.t(row.what.startsWith("cli:") ? "accessLog.cli" : "accessLog.noAccount");
}

function People({ i18n, row }: { i18n: Translator; row: AccessLogRow }) {
  const { t } = i18n;
  if (row.people === 0) return <span class="muted">{t("accessLog.nobody")}</span>;
  const rest = row.people - row.named.length;
  return (
    <>
      {row.named.map((person, index) => (
        <>
          {index > 0 && ", "}
          {person.name === null ? (
            <span class="muted">{t("accessLog.erasedPerson")}</span>
          ) : (
            <a href={`/people/${person.id}`}>{person.name}</a>
          )}
        </>
      ))}
      {rest > 0 && ` ${t("accessLog.andMore", { count: rest })}`}
    </>
  );
}

function EntriesTable({
  i18n,
  caption,
  rows,
  withPeople,
}: {
  i18n: Translator;
  caption: string;
  rows: AccessLogRow[];
  /** Everyone's log names the people; a person's own says only how many were in it with them. */
  withPeople: boolean;
}) {
  const { t } = i18n;
  return (
    <TableRegion label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("accessLog.when")}</th>
            <th scope="col">{t("accessLog.who")}</th>
            <th scope="col">{t("accessLog.kind")}</th>
            <th scope="col">{t("accessLog.what")}</th>
            <th scope="col" class={withPeople ? undefined : "number"}>
              {t("accessLog.people")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td class="nowrap">
                <time datetime={row.createdAt.toISOString()}>{i18n.date(row.createdAt, "datetime")}</time>
              </td>
              <th scope="row">{who(i18n, row)}</th>
              <td>{t(row.kind === "view" ? "accessLog.view" : "accessLog.export")}</td>
              <td>{whatLabel(i18n, row.what)}</td>
              {withPeople ? (
                <td class="text">
                  <People i18n={i18n} row={row} />
                </td>
              ) : (
                <td class="number">{i18n.number(row.people)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** Newer and older pages; the query string (the filters) is kept. */
function Pages({ i18n, base, query, page, more }: PagingProps & { i18n: Translator; base: string }) {
  if (page === 1 && !more) return null;
  const link = (target: number) => {
    const params = new URLSearchParams(query);
    params.set("page", String(target));
    return `${base}?${params}`;
  };
  return (
    <nav class="pagination" aria-label={i18n.t("pagination.label")}>
      {page > 1 && <a href={link(page - 1)}>{i18n.t("accessLog.newer")}</a>}
      {more && <a href={link(page + 1)}>{i18n.t("accessLog.more")}</a>}
    </nav>
  );
}

type PagingProps = { page: number; more: boolean; query: string };

export function PersonAccessLogPage({
  i18n,
  person,
  rows,
  ...paging
}: PagingProps & {
  i18n: Translator;
  /** `name` null for an erased person. */
  person: { id: number; name: string | null };
  rows: AccessLogRow[];
}) {
  const { t } = i18n;
  const title = t("accessLog.personTitle", { name: person.name ?? t("accessLog.erasedPerson") });
  return (
    <section aria-labelledby="access-log-title">
      <h1 id="access-log-title">{title}</h1>
      <p>
        <a href={`/people/${person.id}`}>{t("history.back")}</a>
      </p>
      <p>{t("accessLog.personExplain")}</p>
      {rows.length === 0 ? (
        <p class="muted">{t("accessLog.none")}</p>
      ) : (
        <EntriesTable i18n={i18n} caption={title} rows={rows} withPeople={false} />
      )}
      <Pages i18n={i18n} base={`/people/${person.id}/access-log`} {...paging} />
    </section>
  );
}

export type AdminLogFilters = { userId?: number; from?: string; to?: string };

export function AdminAccessLogPage({
  i18n,
  filters,
  users,
  ignored,
  rows,
  ...paging
}: PagingProps & {
  i18n: Translator;
  filters: AdminLogFilters;
  users: { id: number; name: string }[];
  /** Filters that could not be read, so were left out; in words. */
  ignored: string[];
  rows: AccessLogRow[];
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="access-log-title">
      <h1 id="access-log-title">{t("accessLog.title")}</h1>
      <p>{t("accessLog.explain")}</p>
      <search>
        <form method="get" action="/admin/access-log" class="filters">
          <div class="field">
            <label for="filter-user">{t("accessLog.who")}</label>
            <select id="filter-user" name="user">
              <option value="">{t("accessLog.anyone")}</option>
              {users.map((user) => (
                <option value={String(user.id)} selected={filters.userId === user.id}>
                  {user.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-from">{t("accessLog.from")}</label>
            <input id="filter-from" name="from" type="date" value={filters.from ?? ""} />
          </div>
          <div class="field">
            <label for="filter-to">{t("accessLog.to")}</label>
            <input id="filter-to" name="to" type="date" value={filters.to ?? ""} />
          </div>
          <button type="submit">{t("directory.apply")}</button>
        </form>
      </search>
      {ignored.map((message) => (
        <p class="notice" role="status">
          {message}
        </p>
      ))}
      {rows.length === 0 ? (
        <p class="muted">{t("accessLog.none")}</p>
      ) : (
        <EntriesTable i18n={i18n} caption={t("accessLog.title")} rows={rows} withPeople={true} />
      )}
      <Pages i18n={i18n} base="/admin/access-log" {...paging} />
    </section>
  );
}
