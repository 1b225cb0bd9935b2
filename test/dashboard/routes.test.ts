/** The dashboard: the size of the network and the next activities, as a signed-in staff member sees them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, interactions, organizations, participations, people } from "../../src/db/schema";
import { type createClient, createTestApp, type TestApp } from "../helpers/app";

type Client = ReturnType<typeof createClient>;

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
});
afterAll(async () => {
  await t?.close();
});

/** The figures on the page, label → number as shown. */
function figures(html: string): Record<string, string> {
  const pairs = html.matchAll(
    /<span class="figure-value">([^<]*)<\/span><span class="figure-label">([^<]*)<\/span>/g,
  );
  return Object.fromEntries([...pairs].map(([, value, label]) => [label, value]));
}

/** Titles under "Coming up", in page order. */
function upcomingTitles(html: string): string[] {
  const list = /Coming up<\/h2>\s*<ul class="plain-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<\/time> · ([^<]+)/g)].map(([, title]) => (title ?? "").trim());
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

describe("the dashboard", () => {
  it("shows zeros and no upcoming activities on an empty network", async () => {
    const response = await staff.get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(figures(html)).toEqual({
      organisations: "0",
      people: "0",
      activities: "0",
      attendances: "0",
      "logged contacts": "0",
    });
    expect(html).toContain("No activities are planned yet.");
  });

  it("counts the network (archived records and cancelled activities left out) and lists the next five activities in date order", async () => {
    await t.db.insert(organizations).values([
      { name: "Bridge NGO", kind: "ngo" },
      { name: "Civic Parliament Office", kind: "parliament" },
      { name: "Closed Union", kind: "ngo", archivedAt: new Date() },
    ]);
    const [first, second] = await t.db
      .insert(people)
      .values([
        { fullName: "Elnur Quliyev" },
        { fullName: "Mariam Tsiklauri" },
        { fullName: "Anna Petrosyan" },
        { fullName: "Archived Person", archivedAt: new Date() },
      ])
      .returning({ id: people.id });

    const upcoming = [4, 1, 6, 3, 5, 2].map((offset) => ({
      title: `Upcoming seminar ${offset}`,
      kind: "seminar" as const,
      startDate: day(offset),
      city: "Tbilisi",
    }));
    const inserted = await t.db
      .insert(activities)
      .values([
        ...upcoming,
        { title: "Past conference", kind: "conference", status: "held", startDate: day(-30) },
        { title: "Cancelled workshop", kind: "workshop", status: "cancelled", startDate: day(2) },
      ])
      .returning({ id: activities.id, title: activities.title });
    const past = inserted.find((activity) => activity.title === "Past conference");
    if (!first || !second || !past) throw new Error("seed failed");
    await t.db.insert(participations).values([
      { activityId: past.id, personId: first.id, status: "attended" },
      { activityId: past.id, personId: second.id, status: "no_show" },
    ]);
    await t.db
      .insert(interactions)
      .values({ occurredAt: new Date(), kind: "call", subject: "Follow-up call" });

    const html = await (await staff.get("/")).text();
    expect(figures(html)).toEqual({
      organisations: "2",
      people: "3",
      // The cancelled workshop is not an activity held or planned.
      activities: "7",
      attendance: "1",
      "logged contact": "1",
    });
    expect(upcomingTitles(html)).toEqual([
      "Upcoming seminar 1",
      "Upcoming seminar 2",
      "Upcoming seminar 3",
      "Upcoming seminar 4",
      "Upcoming seminar 5",
    ]);
    expect(html).not.toContain("Past conference");
    expect(html).not.toContain("Cancelled workshop");
    expect(html).not.toContain("No activities are planned yet.");
  });
});
