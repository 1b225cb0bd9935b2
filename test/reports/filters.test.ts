/** The report filters: ranges from presets and dates, and what an unreadable value falls back to. */
import { describe, expect, it } from "vitest";
import { reportFiltersSchema, resolveScope, scopeQuery } from "../../src/reports/filters";

const today = "2026-11-28";
const scopeOf = (
  query: Record<string, string>,
  programme?: { startDate: string | null; endDate: string | null },
) => resolveScope(reportFiltersSchema.parse(query), today, programme);

describe("the range of a report", () => {
  it("is this calendar year unless told otherwise", () => {
    expect(scopeOf({})).toMatchObject({ range: "this_year", from: "2026-01-01", to: "2026-12-31" });
  });

  it("takes the presets from today", () => {
    expect(scopeOf({ range: "last_year" })).toMatchObject({ from: "2025-01-01", to: "2025-12-31" });
    expect(scopeOf({ range: "last_12_months" })).toMatchObject({ from: "2025-11-29", to: "2026-11-28" });
  });

  it("is the programme's own dates for its whole duration, up to today when it has no end", () => {
    const programme = { startDate: "2019-03-01", endDate: null };
    expect(scopeOf({ range: "programme" }, programme)).toMatchObject({ from: "2019-03-01", to: today });
    expect(scopeOf({ range: "programme" }, { startDate: "2019-03-01", endDate: "2027-02-28" })).toMatchObject(
      {
        to: "2027-02-28",
      },
    );
  });

  it("takes given dates without a preset or with “the dates below”, and puts a reversed pair in order", () => {
    expect(scopeOf({ from: "2024-02-01", to: "2024-03-31" })).toMatchObject({
      range: "custom",
      from: "2024-02-01",
      to: "2024-03-31",
    });
    expect(scopeOf({ range: "custom", from: "2024-02-01" })).toMatchObject({
      range: "custom",
      from: "2024-02-01",
    });
    expect(scopeOf({ from: "2024-03-31", to: "2024-02-01" })).toMatchObject({
      from: "2024-02-01",
      to: "2024-03-31",
    });
  });

  it("lets a preset chosen in the bar win over dates still in the form (from a link or an earlier choice)", () => {
    expect(scopeOf({ range: "last_year", from: "2024-02-01", to: "2024-03-31" })).toMatchObject({
      range: "last_year",
      from: "2025-01-01",
      to: "2025-12-31",
    });
  });

  it("counts the last 12 months from the day after the same date a year ago, 29 February too", () => {
    const scope = resolveScope(reportFiltersSchema.parse({ range: "last_12_months" }), "2028-02-29");
    expect(scope).toMatchObject({ from: "2027-03-01", to: "2028-02-29" });
  });

  it("drops what it cannot read instead of failing", () => {
    const scope = scopeOf({ from: "31.12.2024", kind: "party", programme: "-3", partner: "x", by: "week" });
    expect(scope).toMatchObject({ range: "this_year", from: "2026-01-01", by: "month" });
    expect(scope.kind).toBeUndefined();
    expect(scope.programme).toBeUndefined();
    expect(scope.partner).toBeUndefined();
  });

  it("reads a country by name in any of the languages, and keeps a preset in links as a preset, dates as dates", () => {
    const scope = scopeOf({ range: "last_year", country: "Грузия", kind: "training" });
    expect(scope.country).toBe("GE");
    expect(scopeQuery(scope, { of: "people" })).toBe("range=last_year&kind=training&country=GE&of=people");
    expect(scopeQuery(scopeOf({ from: "2024-02-01", to: "2024-03-31" }))).toBe(
      "from=2024-02-01&to=2024-03-31",
    );
  });
});
