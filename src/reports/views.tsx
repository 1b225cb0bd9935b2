/** The report pages: the shared filter bar, headline figures, and each table with its chart and CSV download. */
import type { ProgrammeChoice } from "../activities/queries";
import { ActivityKindFilter, focusAreaOptions, ProgrammeFilter } from "../activities/views";
import { ChoiceFilter, CountryFilter } from "../directory/views";
import type { ExportFormat } from "../exports/send";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { downloadLink } from "../web/components/pagination";
import { BarChart, type ChartPoint, ColumnChart, NetworkChart } from "./charts";
import { cellHref, cellText, type ExtraFilter, type ReportContent, type ReportTable } from "./content";
import { type RangePreset, type ReportScope, rangePresets, scopeQuery } from "./filters";

export const reportNames = ["overview", "reach", "depth", "officials", "partners", "communities"] as const;
export type ReportName = (typeof reportNames)[number];

export type ReportChoices = { programmes: ProgrammeChoice[]; partners: { id: number; name: string }[] };

function ReportTabs({ i18n, current, scope }: { i18n: Translator; current: ReportName; scope: ReportScope }) {
  return (
    <nav class="report-tabs" aria-label={i18n.t("reports.title")}>
      <ul>
        {reportNames.map((name) => (
          <li>
            <a
              href={`/reports/${name}?${scopeQuery(scope)}`}
              aria-current={name === current ? "page" : undefined}
            >
              {i18n.t(`reports.${name}` as const)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function FilterBar({
  i18n,
  name,
  scope,
  choices,
  extra,
}: {
  i18n: Translator;
  name: ReportName;
  scope: ReportScope;
  choices: ReportChoices;
  extra: ExtraFilter[];
}) {
  const { t } = i18n;
  return (
    <form method="get" action={`/reports/${name}`} class="filters report-filters">
      <div class="field">
        <label for="filter-range">{t("reports.range")}</label>
        <select id="filter-range" name="range">
          {rangePresets.map((preset: RangePreset) => (
            <option value={preset} selected={scope.range === preset}>
              {t(`reports.range.${preset}` as const)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-from">{t("reports.from")}</label>
        <input id="filter-from" name="from" type="date" value={scope.range === "custom" ? scope.from : ""} />
      </div>
      <div class="field">
        <label for="filter-to">{t("reports.to")}</label>
        <input id="filter-to" name="to" type="date" value={scope.range === "custom" ? scope.to : ""} />
      </div>
      <ProgrammeFilter i18n={i18n} programmes={choices.programmes} selected={scope.programme} />
      <ChoiceFilter
        i18n={i18n}
        name="focusArea"
        label={t("field.focusArea")}
        options={focusAreaOptions(choices.programmes)}
        selected={scope.focusArea ? String(scope.focusArea) : undefined}
      />
      <ActivityKindFilter i18n={i18n} selected={scope.kind} />
      <CountryFilter i18n={i18n} country={scope.country} />
      <ChoiceFilter
        i18n={i18n}
        name="partner"
        label={t("reports.partner")}
        options={choices.partners.map((partner) => ({ value: String(partner.id), label: partner.name }))}
        selected={scope.partner ? String(scope.partner) : undefined}
      />
      <div class="field">
        <label for="filter-by">{t("reports.groupBy")}</label>
        <select id="filter-by" name="by">
          <option value="month" selected={scope.by === "month"}>
            {t("reports.month")}
          </option>
          <option value="year" selected={scope.by === "year"}>
            {t("reports.year")}
          </option>
        </select>
      </div>
      {extra.map((filter) => (
        <div class="field">
          <label for={`filter-${filter.name}`}>{filter.label}</label>
          <input
            id={`filter-${filter.name}`}
            name={filter.name}
            type="number"
            min={filter.min}
            max={filter.max}
            value={filter.value}
          />
        </div>
      ))}
      <div class="actions">
        <button type="submit">{t("reports.apply")}</button>
      </div>
    </form>
  );
}

/** The filters in words, at the top of the page and of the printout: a report handed on says what it covers. */
export function ScopeSummary({
  i18n,
  scope,
  choices,
}: {
  i18n: Translator;
  scope: ReportScope;
  choices: ReportChoices;
}) {
  const { t } = i18n;
  const programme = choices.programmes.find((p) => p.id === scope.programme);
  const area = choices.programmes.flatMap((p) => p.focusAreas).find((a) => a.id === scope.focusArea);
  const partner = choices.partners.find((p) => p.id === scope.partner);
  const parts = [
    t("reports.between", { from: i18n.date(scope.from), to: i18n.date(scope.to) }),
    programme && `${t("field.programme")}: ${programme.name}`,
    area && `${t("field.focusArea")}: ${area.name}`,
    scope.kind && `${t("field.kind")}: ${t(`activityKind.${scope.kind}`)}`,
    scope.country && `${t("field.country")}: ${countryName(scope.country, i18n.locale)}`,
    partner && `${t("reports.partner")}: ${partner.name}`,
  ].filter(Boolean);
  return <p class="report-scope">{parts.join(" · ")}</p>;
}

const maxChartPoints = 40;

function Chart({ table, i18n }: { table: ReportTable; i18n: Translator }) {
  const column = table.chartColumn ?? 1;
  // The first rows only: a chart of 200 bars says less than its table.
  const points: ChartPoint[] = table.rows.slice(0, maxChartPoints).map((row) => ({
    label: String(cellText(row[0] ?? null)),
    value: Number(cellText(row[column] ?? null)) || 0,
  }));
  if (points.length === 0) return null;
  const title = `${table.title}: ${table.columns[column] ?? ""}`;
  const id = `chart-${table.id}`;
  if (table.chart === "network") {
    return <NetworkChart id={id} title={table.title} links={table.network ?? []} i18n={i18n} />;
  }
  return table.chart === "columns" ? (
    <ColumnChart id={id} title={title} points={points} i18n={i18n} />
  ) : (
    <BarChart id={id} title={title} points={points} i18n={i18n} />
  );
}

/** A count, or a count hidden as "<5": right-aligned like the numbers around it. */
const isFigure = (cell: ReportTable["rows"][number][number]) => {
  const text = cellText(cell);
  return typeof text === "number" || /^<\d+$/.test(text);
};

function CellView({ cell, i18n }: { cell: ReportTable["rows"][number][number]; i18n: Translator }) {
  const text = cellText(cell);
  const shown = typeof text === "number" ? i18n.number(text) : text;
  const href = cellHref(cell);
  return href ? <a href={href}>{shown}</a> : <>{shown}</>;
}

function TableSection({
  table,
  i18n,
  downloadHref,
}: {
  table: ReportTable;
  i18n: Translator;
  downloadHref: (format: ExportFormat) => string;
}) {
  const { t } = i18n;
  return (
    <section class="report-section" aria-labelledby={`${table.id}-heading`}>
      <h2 id={`${table.id}-heading`}>{table.title}</h2>
      {table.note && <p class="hint">{table.note}</p>}
      {table.rows.length === 0 ? (
        <p>{t("reports.nothing")}</p>
      ) : (
        <>
          {table.chart && <Chart table={table} i18n={i18n} />}
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">{table.title}</caption>
              <thead>
                <tr>
                  {table.columns.map((column, index) => (
                    <th scope="col" class={index > 0 ? "number" : undefined}>
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr>
                    {row.map((cell, index) =>
                      index === 0 ? (
                        <th scope="row">
                          <CellView cell={cell} i18n={i18n} />
                        </th>
                      ) : (
                        <td class={isFigure(cell) ? "number" : undefined}>
                          <CellView cell={cell} i18n={i18n} />
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p class="report-download">
        <a href={downloadHref("csv")} download>
          {t("reports.downloadCsv", { table: table.title })}
        </a>{" "}
        <a href={downloadHref("xlsx")} download>
          {t("reports.downloadXlsx", { table: table.title })}
        </a>
      </p>
    </section>
  );
}

export function ReportPage({
  i18n,
  name,
  scope,
  choices,
  content,
}: {
  i18n: Translator;
  name: ReportName;
  scope: ReportScope;
  choices: ReportChoices;
  content: ReportContent;
}) {
  const { t } = i18n;
  const extra = content.extraFilters ?? [];
  const extraValues = Object.fromEntries(extra.map((filter) => [filter.name, filter.value]));
  const downloadHref = (table: ReportTable) => (format: ExportFormat) =>
    downloadLink(
      `/reports/${name}`,
      scopeQuery(scope, { ...extraValues, table: table.id }),
      format,
      i18n.locale,
    );
  return (
    <article class="report">
      <h1>
        {t("reports.title")}: {t(`reports.${name}` as const)}
      </h1>
      <ScopeSummary i18n={i18n} scope={scope} choices={choices} />
      <ReportTabs i18n={i18n} current={name} scope={scope} />
      <FilterBar i18n={i18n} name={name} scope={scope} choices={choices} extra={extra} />
      <p class="report-download">
        {t("pseudonymised.offer")}{" "}
        <a href={downloadLink("/exports/pseudonymised.csv", scopeQuery(scope), "csv", i18n.locale)} download>
          {t("pseudonymised.csv")}
        </a>{" "}
        <a href={downloadLink("/exports/pseudonymised.csv", scopeQuery(scope), "xlsx", i18n.locale)} download>
          {t("pseudonymised.xlsx")}
        </a>
      </p>
      {content.figures.length > 0 && (
        <dl class="report-figures">
          {content.figures.map((figure) => (
            <div>
              <dt>{figure.label}</dt>
              <dd>
                <CellView cell={{ text: figure.value, href: figure.href }} i18n={i18n} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {content.tables.map((table) => (
        <TableSection table={table} i18n={i18n} downloadHref={downloadHref(table)} />
      ))}
    </article>
  );
}
