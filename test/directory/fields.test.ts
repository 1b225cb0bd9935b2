/** Form fields shared by the directory's forms: dates must be real calendar days the database accepts. */
import { describe, expect, it } from "vitest";
import { isCalendarDate, optionalDate } from "../../src/directory/fields";

describe("dates in forms", () => {
  it("accept real days, leap days included, and an empty field as no date", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("1998-06-15")).toBe(true);
    expect(optionalDate.parse("")).toBeNull();
    expect(optionalDate.parse(" 2024-05-02 ")).toBe("2024-05-02");
  });

  it("refuse days that do not exist and years the database would refuse, with the date message", () => {
    for (const value of [
      "2024-02-30",
      "2023-02-29",
      "2024-13-01",
      "0000-01-01",
      "1066-10-14",
      "24-05-02",
      "yesterday",
    ]) {
      expect(isCalendarDate(value), value).toBe(false);
      const parsed = optionalDate.safeParse(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe("form.date");
    }
  });
});
