/**
 * GET /activities/calendar: one month of activities as a Monday-first grid and, below it, the same month as an agenda
 * (what phones and screen readers use). The month and the filters live in the URL, so every view can be bookmarked.
 */
import { type Context, Hono } from "hono";
import { need } from "../auth/middleware";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { listActivitiesBetween, listProgrammeChoices, type ProgrammeChoice } from "./queries";
import { type CalendarFilters, calendarFiltersSchema } from "./validation";
import { ActivityDates, ActivityFilterFields, ActivityLink } from "./views";

export type Month = { year: number; month: number };

/** "2026-03" with a year the calendar can show (1800–2200), or null. */
export function parseMonth(value: string): Month | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value.trim());
  const year = Number(match?.[1]);
  if (!match || year < 1800 || year > 2200) return null;
  return { year, month: Number(match[2]) };
}

const pad = (value: number) => String(value).padStart(2, "0");
export const monthKey = ({ year, month }: Month) => `${year}-${pad(month)}`;
const daysIn = ({ year, month }: Month) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const dayOf = (month: Month, day: number) => `${monthKey(month)}-${pad(day)}`;

export function shiftMonth({ year, month }: Month, by: number): Month {
  const index = year * 12 + month - 1 + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The month's weeks, Monday first: seven ISO dates a row, null for the days of the neighbouring months. */
export function monthWeeks(month: Month): (string | null)[][] {
  const lead = (new Date(Date.UTC(month.year, month.month - 1, 1)).getUTCDay() + 6) % 7;
  const days = Array.from({ length: daysIn(month) }, (_, index) => dayOf(month, index + 1));
  const cells: (string | null)[] = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
}

type MonthActivity = Awaited<ReturnType<typeof listActivitiesBetween>>[number];

/** Each day of the month with the activities on it; one of several days appears on each of its days. */
function activitiesByDay(month: Month, rows: MonthActivity[]): Map<string, MonthActivity[]> {
  const first = dayOf(month, 1);
  const last = dayOf(month, daysIn(month));
  const byDay = new Map<string, MonthActivity[]>();
  for (const row of rows) {
    const from = row.startDate < first ? 1 : Number(row.startDate.slice(8));
    const end = row.endDate ?? row.startDate;
    const to = end > last ? daysIn(month) : Number(end.slice(8));
    for (let day = from; day <= to; day += 1) {
      const date = dayOf(month, day);
      byDay.set(date, [...(byDay.get(date) ?? []), row]);
    }
  }
  return byDay;
}

/** The calendar's address for a month (none: the current one) with the filters kept. */
export function calendarHref(month: Month | null, filters: CalendarFilters, base = "/activities/calendar") {
  const params = new URLSearchParams();
  if (month) params.set("month", monthKey(month));
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/** "March 2026", "Март 2026 г.": the month in the user's language, capitalised to stand alone. */
function monthName(i18n: Translator, { year, month }: Month): string {
  const format = { month: "long", year: "numeric", timeZone: "UTC" } as const;
  const name = new Intl.DateTimeFormat(i18n.locale, format).format(Date.UTC(year, month - 1, 1));
  return name.charAt(0).toLocaleUpperCase(i18n.locale) + name.slice(1);
}

/** Monday to Sunday, short (shown) and long (read out). 2024-01-01 was a Monday. */
function weekdays(i18n: Translator) {
  const names = (weekday: "short" | "long") =>
    new Intl.DateTimeFormat(i18n.locale, { weekday, timeZone: "UTC" });
  return Array.from({ length: 7 }, (_, index) => {
    const day = Date.UTC(2024, 0, 1 + index);
    return { short: names("short").format(day), long: names("long").format(day) };
  });
}

type PageProps = {
  i18n: Translator;
  month: Month;
  filters: CalendarFilters;
  rows: MonthActivity[];
  programmes: ProgrammeChoice[];
};

function CalendarFilterForm({ i18n, month, filters, programmes }: Omit<PageProps, "rows">) {
  const { t } = i18n;
  return (
    <search>
      <form method="get" action="/activities/calendar" class="filters">
        <div class="field">
          <label for="filter-month">{t("calendar.month")}</label>
          <input
            id="filter-month"
            type="month"
            name="month"
            value={monthKey(month)}
            min="1800-01"
            max="2200-12"
          />
        </div>
        <ActivityFilterFields i18n={i18n} filters={filters} programmes={programmes} />
        <button type="submit">{t("directory.apply")}</button>
      </form>
    </search>
  );
}

function MonthNav({ i18n, month, filters }: { i18n: Translator; month: Month; filters: CalendarFilters }) {
  const { t } = i18n;
  const previous = shiftMonth(month, -1);
  const next = shiftMonth(month, 1);
  return (
    <nav class="month-nav" aria-label={t("calendar.months")}>
      {parseMonth(monthKey(previous)) && (
        <a href={calendarHref(previous, filters)} rel="prev">
          <span aria-hidden="true">‹ </span>
          <span class="visually-hidden">{t("calendar.previous")}: </span>
          {monthName(i18n, previous)}
        </a>
      )}
      <a href={calendarHref(null, filters)}>{t("calendar.thisMonth")}</a>
      {parseMonth(monthKey(next)) && (
        <a href={calendarHref(next, filters)} rel="next">
          <span class="visually-hidden">{t("calendar.next")}: </span>
          {monthName(i18n, next)}
          <span aria-hidden="true"> ›</span>
        </a>
      )}
    </nav>
  );
}

function MonthGrid({ i18n, month, rows }: Pick<PageProps, "i18n" | "month" | "rows">) {
  const byDay = activitiesByDay(month, rows);
  const today = i18n.today();
  return (
    <div class="table-wrap calendar-grid">
      <table class="calendar-month">
        <caption>{monthName(i18n, month)}</caption>
        <thead>
          <tr>
            {weekdays(i18n).map((day) => (
              <th scope="col">
                <span aria-hidden="true">{day.short}</span>
                <span class="visually-hidden">{day.long}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(month).map((week) => (
            <tr>
              {week.map((date) =>
                date === null ? (
                  <td class="outside" />
                ) : (
                  <td data-date={date} aria-current={date === today ? "date" : undefined}>
                    <time class="day-number" datetime={date}>
                      {i18n.number(Number(date.slice(8)))}
                    </time>
                    {byDay.has(date) && (
                      <ul>
                        {byDay.get(date)?.map((row) => (
                          <li class={row.activityStatus === "cancelled" ? "cancelled" : undefined}>
                            <ActivityLink i18n={i18n} activity={row} />{" "}
                            <span class="calendar-kind">{i18n.t(`activityKind.${row.kind}`)}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MonthAgenda({ i18n, month, rows }: Pick<PageProps, "i18n" | "month" | "rows">) {
  const { t } = i18n;
  const name = monthName(i18n, month);
  return (
    <section id="calendar-agenda" aria-labelledby="calendar-agenda-title">
      <h2 id="calendar-agenda-title">{t("calendar.agenda", { month: name })}</h2>
      {rows.length === 0 ? (
        <p>{t("calendar.none", { month: name })}</p>
      ) : (
        <ol class="agenda">
          {rows.map((row) => (
            <li>
              <span class="agenda-dates">
                <ActivityDates i18n={i18n} start={row.startDate} end={row.endDate} />
              </span>
              <span>
                <ActivityLink i18n={i18n} activity={row} />
              </span>
              <span class="muted">
                {[
                  t(`activityKind.${row.kind}`),
                  [row.city, row.country ? countryName(row.country, i18n.locale) : null]
                    .filter(Boolean)
                    .join(", "),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function CalendarPage(props: PageProps) {
  const { i18n, filters } = props;
  return (
    <section class="calendar" aria-labelledby="calendar-title">
      <div class="page-head">
        <h1 id="calendar-title">{i18n.t("calendar.title")}</h1>
        <div class="actions">
          <a class="button" href={calendarHref(null, filters, "/activities")}>
            {i18n.t("calendar.backToList")}
          </a>
        </div>
      </div>
      <CalendarFilterForm {...props} />
      <MonthNav i18n={i18n} month={props.month} filters={filters} />
      <MonthGrid {...props} />
      <MonthAgenda {...props} />
    </section>
  );
}

/** A month the calendar cannot show is the user's mistake: say what to write instead (400), never a 500. */
function renderBadMonth(c: Context<AppEnv>, typed: string) {
  const { t } = c.get("i18n");
  const title = t("calendar.badMonthTitle");
  return render(
    c,
    { title, status: 400 },
    <section class="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{t("calendar.badMonth", { month: typed.slice(0, 40) })}</p>
      <a href="/activities/calendar">{t("calendar.thisMonth")}</a>
    </section>,
  );
}

export const calendarRoutes = new Hono<AppEnv>();

calendarRoutes.get("/activities/calendar", need("directory:view"), async (c) => {
  const typed = c.req.query("month")?.trim() || c.get("i18n").today().slice(0, 7);
  const month = parseMonth(typed);
  if (!month) return renderBadMonth(c, typed);
  const filters = calendarFiltersSchema.parse(c.req.query());
  const rows = await listActivitiesBetween(
    c.get("db"),
    dayOf(month, 1),
    dayOf(month, daysIn(month)),
    filters,
  );
  const programmes = await listProgrammeChoices(c.get("db"));
  const page = (
    <CalendarPage i18n={c.get("i18n")} month={month} filters={filters} rows={rows} programmes={programmes} />
  );
  return render(
    c,
    { title: `${c.get("i18n").t("calendar.title")} · ${monthName(c.get("i18n"), month)}` },
    page,
  );
});
