/** Links from a report's figure to the list of records behind it: the same scope, narrowed by the figure's facets. */
import { type ReportScope, scopeQuery } from "./filters";

export function recordsLink(
  scope: ReportScope,
  of: "activities" | "people",
  facets: Record<string, string> = {},
): string {
  return `/reports/records?${scopeQuery(scope, { of, ...facets })}`;
}
