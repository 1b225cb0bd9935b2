/**
 * "Download this list": CSV with the separator the user's Excel expects (chosen here, by default the one of their
 * language), or an Excel workbook. A GET form keeping the list's filters, so it works without JavaScript; never
 * boosted by htmx, whose fetch would put the file into the page instead of saving it.
 */
import { defaultDelimiter } from "../../exports/send";
import type { Translator } from "../../i18n";

export function ExportForm({ i18n, base, query }: { i18n: Translator; base: string; query: string }) {
  const { t } = i18n;
  const kept = [...new URLSearchParams(query)].filter(
    ([name]) => !["page", "format", "delimiter"].includes(name),
  );
  const semicolonFirst = defaultDelimiter(i18n.locale) === ";";
  return (
    <details class="export-list">
      <summary>{t("export.title")}</summary>
      <form method="get" action={base} class="export-form" hx-boost="false">
        {kept.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <label for="export-format">{t("export.format")}</label>
        <select id="export-format" name="format">
          <option value="csv">{t("export.formatCsv")}</option>
          <option value="xlsx">{t("export.formatXlsx")}</option>
        </select>
        <label for="export-delimiter">{t("export.delimiter")}</label>
        <select id="export-delimiter" name="delimiter" aria-describedby="export-delimiter-hint">
          <option value="semicolon" selected={semicolonFirst}>
            {t("export.semicolon")}
          </option>
          <option value="comma" selected={!semicolonFirst}>
            {t("export.comma")}
          </option>
        </select>
        <button type="submit">{t("export.download")}</button>
        <p class="hint" id="export-delimiter-hint">
          {t("export.delimiterHint")}
        </p>
      </form>
    </details>
  );
}
