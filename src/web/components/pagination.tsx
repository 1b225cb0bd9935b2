/** Links that keep a list's query string: previous/next pages (so a filtered page can be bookmarked), and downloads. */
import { defaultDelimiter, type ExportFormat } from "../../exports/send";
import type { Locale, Translator } from "../../i18n";

type PaginationProps = {
  i18n: Translator;
  page: number;
  total: number;
  pageSize: number;
  base: string;
  query: string;
};

export function Pagination({ i18n, page, total, pageSize, base, query }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  const link = (target: number) => {
    const params = new URLSearchParams(query);
    params.set("page", String(target));
    return `${base}?${params}`;
  };
  return (
    <nav class="pagination" aria-label={i18n.t("pagination.label")}>
      {page > 1 && <a href={link(page - 1)}>{i18n.t("pagination.previous")}</a>}
      <span>{i18n.t("pagination.page", { page, pages })}</span>
      {page < pages && <a href={link(page + 1)}>{i18n.t("pagination.next")}</a>}
    </nav>
  );
}

/** The same list as a download: its filters kept, all pages; a CSV with the separator of the user's language. */
export function downloadLink(base: string, query: string, format: ExportFormat, locale: Locale): string {
  const params = new URLSearchParams(query);
  params.delete("page");
  params.set("format", format);
  if (format === "csv") params.set("delimiter", defaultDelimiter(locale) === ";" ? "semicolon" : "comma");
  return `${base}?${params}`;
}
