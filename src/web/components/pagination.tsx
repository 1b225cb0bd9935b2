/** Links that keep a list's query string: previous/next pages (so a filtered page can be bookmarked), and its CSV. */
import type { Translator } from "../../i18n";

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

/** The same list as a CSV download: its filters kept, all pages. */
export function csvLink(base: string, query: string): string {
  const params = new URLSearchParams(query);
  params.delete("page");
  params.set("format", "csv");
  return `${base}?${params}`;
}
