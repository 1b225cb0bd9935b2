/** Wall-clock times typed in the programme's time zone, and back. */
import { describe, expect, it } from "vitest";
import { fromLocalInput, toLocalInput } from "../../src/interactions/local-time";

describe("times in the programme's zone", () => {
  it("reads a typed time in the zone, summer and winter", () => {
    expect(fromLocalInput("2026-03-05T14:30", "Asia/Baku")?.toISOString()).toBe("2026-03-05T10:30:00.000Z");
    expect(fromLocalInput("2026-01-15T09:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-01-15T08:00:00.000Z",
    );
    expect(fromLocalInput("2026-07-15T09:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-07-15T07:00:00.000Z",
    );
  });

  it("shows a moment as the zone's clock does, and reads it back to the minute", () => {
    const moment = new Date("2026-10-25T00:59:00Z");
    const shown = toLocalInput(moment, "Asia/Tbilisi");
    expect(shown).toBe("2026-10-25T04:59");
    expect(fromLocalInput(shown, "Asia/Tbilisi")?.getTime()).toBe(moment.getTime());
  });

  it("refuses what is not a real time", () => {
    for (const typed of [
      "",
      "2026-02-30T10:00",
      "2026-03-05",
      "2026-03-05T24:00",
      "1800-01-01T00:00",
      "soon",
    ])
      expect(fromLocalInput(typed, "UTC")).toBeNull();
  });
});
