/**
 * The filter bar every report shares, read from the URL: a date range (a preset or any from–to), programme, focus
 * area, activity kind, country and partner. Unreadable values fall back to "any" rather than failing the page.
 */
import { z } from "zod";
import { activityKinds } from "../db/schema/enums";
import { isCalendarDate } from "../directory/fields";
import { countryCode } from "../text/country";

export const rangePresets = ["this_year", "last_year", "last_12_months", "programme", "custom"] as const;
export type RangePreset = (typeof rangePresets)[number];

const optionalId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
const optionalDate = z.string().trim().refine(isCalendarDate).optional().catch(undefined);

export const reportFiltersSchema = z.object({
  range: z.enum(rangePresets).optional().catch(undefined),
  from: optionalDate,
  to: optionalDate,
  programme: optionalId,
  focusArea: optionalId,
  kind: z.enum(activityKinds).optional().catch(undefined),
  country: z
    .string()
    .transform((value) => countryCode(value) ?? undefined)
    .optional()
    .catch(undefined),
  partner: optionalId,
  by: z.enum(["month", "year"]).catch("month"),
});

export type ReportFilters = z.output<typeof reportFiltersSchema>;

/** The filters with the range made concrete: what every query of a report is given. */
export type ReportScope = Omit<ReportFilters, "from" | "to" | "range"> & {
  range: RangePreset;
  from: string;
  to: string;
};

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The range asked for: a preset chosen in the bar wins over dates still in the form; dates count with "custom" or
 * no preset at all. */
export function presetOf(filters: ReportFilters): RangePreset {
  if (filters.range && filters.range !== "custom") return filters.range;
  return filters.from || filters.to || filters.range === "custom" ? "custom" : "this_year";
}

/** Whether the range starts where the programme (or the records) start: only then are their dates needed. */
export const needsProgrammeDates = (filters: ReportFilters): boolean => {
  const preset = presetOf(filters);
  return preset === "programme" || (preset === "custom" && !filters.from);
};

/**
 * The dates a report covers. A preset wins; without one, given dates (the range is "custom"; a reversed pair is put in order; a missing
 * start is the start of `programmeDates`); a preset is counted from today; "programme" is `programmeDates`: the
 * chosen programme's own, or from the first activity on record, up to today.
 */
export function resolveScope(
  filters: ReportFilters,
  today: string,
  programmeDates?: { startDate: string | null; endDate: string | null },
): ReportScope {
  const { from: givenFrom, to: givenTo, range: _preset, ...rest } = filters;
  const year = Number(today.slice(0, 4));
  const preset = presetOf(filters);
  let from: string;
  let to: string;
  switch (preset) {
    case "last_year":
      [from, to] = [`${year - 1}-01-01`, `${year - 1}-12-31`];
      break;
    case "last_12_months": {
      // The day after the same date a year ago (29 February: after 28 February).
      const [month, day] = [Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))];
      const lastDay = new Date(Date.UTC(year - 1, month + 1, 0)).getUTCDate();
      [from, to] = [iso(new Date(Date.UTC(year - 1, month, Math.min(day, lastDay) + 1))), today];
      break;
    }
    case "programme":
      [from, to] = [programmeDates?.startDate ?? "1900-01-01", programmeDates?.endDate ?? today];
      break;
    case "custom":
      // Only an end given: from the beginning (of the programme, else of the records).
      [from, to] = [givenFrom ?? programmeDates?.startDate ?? "1900-01-01", givenTo ?? today];
      break;
    default:
      [from, to] = [`${year}-01-01`, `${year}-12-31`];
  }
  if (from > to) [from, to] = [to, from];
  return { ...rest, range: preset, from, to };
}

/** The scope as URL parameters (the range by its dates), for links that keep the filters. */
export function scopeQuery(
  scope: ReportScope,
  more: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  // A preset is kept as itself, so a link made this year still means "this year" when followed.
  const custom = scope.range === "custom";
  const values: Record<string, string | number | undefined> = {
    range: custom ? undefined : scope.range,
    from: custom ? scope.from : undefined,
    to: custom ? scope.to : undefined,
    programme: scope.programme,
    focusArea: scope.focusArea,
    kind: scope.kind,
    country: scope.country,
    partner: scope.partner,
    by: scope.by === "month" ? undefined : scope.by,
    ...more,
  };
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  return params.toString();
}
