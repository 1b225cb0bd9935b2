/** buildTimeline: one list, newest first, a contact's day taken in the programme's time zone, cut at the cap. */
import { describe, expect, it } from "vitest";
import type { PersonParticipation } from "../../src/activities/queries";
import type { Contact } from "../../src/interactions/queries";
import { buildTimeline, type TimelineAffiliation, type TimelineEntry } from "../../src/timeline/entries";

function participation(title: string, startDate: string): PersonParticipation {
  return {
    activityId: 1,
    title,
    kind: "seminar",
    activityStatus: "held",
    startDate,
    endDate: null,
    role: "participant",
    status: "attended",
    organizationId: null,
    organizationName: null,
  };
}

function contact(subject: string, occurredAt: string): Contact {
  return {
    id: 1,
    occurredAt: new Date(occurredAt),
    kind: "meeting",
    subject,
    loggedByName: null,
    followUpDue: null,
    followUpDoneAt: null,
  };
}

function affiliation(name: string, startDate: string | null, endDate: string | null): TimelineAffiliation {
  return { href: "/organizations/1", name, position: null, kind: "staff", startDate, endDate };
}

/** Each entry as "type: what", to read the order at a glance. */
function described(entries: TimelineEntry[]): string[] {
  return entries.map((entry) => {
    switch (entry.type) {
      case "contact":
        return `contact: ${entry.contact.subject}`;
      case "participation":
        return `participation: ${entry.participation.title}`;
      case "affiliationStart":
      case "affiliationEnd":
        return `${entry.type}: ${entry.affiliation.name}`;
      default:
        return entry.type;
    }
  });
}

const utc = { cap: 100, timeZone: "UTC" };

describe("buildTimeline", () => {
  it("merges affiliations, activities and contacts newest first", () => {
    const { entries, capped } = buildTimeline(
      {
        affiliations: [affiliation("Parliament", "2015-11-01", "2020-02-09")],
        participations: [participation("Seminar", "2019-05-14"), participation("Training", "2021-03-02")],
        contacts: [contact("Call", "2018-01-10T09:00:00Z"), contact("Meeting", "2024-02-10T09:30:00Z")],
      },
      utc,
    );
    expect(described(entries)).toEqual([
      "contact: Meeting",
      "participation: Training",
      "affiliationEnd: Parliament",
      "participation: Seminar",
      "contact: Call",
      "affiliationStart: Parliament",
    ]);
    expect(capped).toBe(false);
  });

  it("puts the contacts of a day before that day's activity, later ones first", () => {
    const { entries } = buildTimeline(
      {
        participations: [participation("Seminar", "2024-03-05")],
        contacts: [contact("Morning", "2024-03-05T06:00:00Z"), contact("Evening", "2024-03-05T16:00:00Z")],
      },
      utc,
    );
    expect(described(entries)).toEqual(["contact: Evening", "contact: Morning", "participation: Seminar"]);
  });

  it("dates a contact by the programme's clock: late on the 4th in UTC is already the 5th in Baku", () => {
    const sources = {
      participations: [participation("Seminar", "2024-03-05")],
      contacts: [contact("Late call", "2024-03-04T21:30:00Z")],
    };
    expect(described(buildTimeline(sources, utc).entries)).toEqual([
      "participation: Seminar",
      "contact: Late call",
    ]);
    expect(described(buildTimeline(sources, { cap: 100, timeZone: "Asia/Baku" }).entries)).toEqual([
      "contact: Late call",
      "participation: Seminar",
    ]);
  });

  it("leaves out the dates an affiliation does not have", () => {
    const { entries } = buildTimeline(
      { affiliations: [affiliation("Undated", null, null), affiliation("Ongoing", "2020-01-01", null)] },
      utc,
    );
    expect(described(entries)).toEqual(["affiliationStart: Ongoing"]);
  });

  it("keeps the newest entries up to the cap and says it cut", () => {
    const participations = ["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"].map((day) =>
      participation(day, day),
    );
    const cut = buildTimeline({ participations }, { cap: 3, timeZone: "UTC" });
    expect(described(cut.entries)).toEqual([
      "participation: 2023-01-01",
      "participation: 2022-01-01",
      "participation: 2021-01-01",
    ]);
    expect(cut.capped).toBe(true);
    expect(buildTimeline({ participations }, { cap: 4, timeZone: "UTC" }).capped).toBe(false);
  });
});
