/** The dashboard: the size of the network and the next activities, as a signed-in staff member sees them. */
import { eq, isNull, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldRecordCounts } from "../../src/db/record-counts";
import { activities, interactions, organizations, participations, people } from "../../src/db/schema";
import { type createClient, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, insertContact, insertParticipation } from "../helpers/records";

type Client = ReturnType<typeof createClient>;

let t: TestApp;
let staff: Client;
let coordinator: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
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

  it("keeps its counts right as people, activities, attendances and contacts are added, archived, cancelled and deleted", async () => {
    const before = figureValues(await (await staff.get("/")).text());
    const expectChange = async (change: Partial<Record<keyof typeof before, number>>) => {
      const now = figureValues(await (await staff.get("/")).text());
      const expected = Object.fromEntries(
        Object.entries(before).map(([key, value]) => [
          key,
          value + (change[key as keyof typeof before] ?? 0),
        ]),
      );
      expect(now).toEqual(expected);
      // And what a full count finds, so a count kept wrong from the start would show too.
      expect(now).toEqual(await countedNow());
    };

    const added = await coordinator.post("/people", { fullName: "Leyla Counted", stakeholderType: "expert" });
    expect(added.status).toBe(303);
    const leyla = Number((added.headers.get("location") ?? "").split("/").at(-1));
    await expectChange({ people: 1 });
    expect((await coordinator.post(`/people/${leyla}/archive`, {})).status).toBe(303);
    await expectChange({});
    expect((await coordinator.post(`/people/${leyla}/restore`, {})).status).toBe(303);
    await expectChange({ people: 1 });

    const workshop = await insertActivity(t.db, { title: "Counted workshop", startDate: day(-3) });
    const spare = await insertActivity(t.db, { title: "Spare seminar", startDate: day(-2) });
    await expectChange({ people: 1, activities: 2 });
    await insertParticipation(t.db, { activityId: workshop, personId: leyla, status: "registered" });
    const [row] = await t.db
      .select({ id: participations.id })
      .from(participations)
      .where(eq(participations.activityId, workshop));
    const attended = await staff.post(`/activities/${workshop}/participants/${row?.id}`, {
      status: "attended",
    });
    expect(attended.status).toBeLessThan(400);
    await expectChange({ people: 1, activities: 2, attendances: 1 });
    expect((await coordinator.post(`/activities/${spare}/delete`, {})).status).toBe(303);
    await expectChange({ people: 1, activities: 1, attendances: 1 });
    await t.db.update(activities).set({ status: "cancelled" }).where(eq(activities.id, workshop));
    await expectChange({ people: 1, attendances: 1 });
    const removed = await coordinator.post(`/activities/${workshop}/participants/${row?.id}/delete`, {});
    expect(removed.status).toBe(303);
    await expectChange({ people: 1 });

    const contact = await insertContact(t.db, { occurredAt: new Date(), subject: "Counted call" });
    await expectChange({ people: 1, contacts: 1 });
    await t.db.delete(interactions).where(eq(interactions.id, contact));
    await expectChange({ people: 1 });

    // Folding the kept rows into one per count changes nothing shown.
    await foldRecordCounts(t.db);
    await expectChange({ people: 1 });
  });
});

/** The five figures as numbers, by what they count (the labels change with singular and plural). */
function figureValues(html: string) {
  const [organizationCount, peopleCount, activityCount, attendanceCount, contactCount] = Object.values(
    figures(html),
  ).map((value) => Number(value.replace(/\D/g, "")));
  return {
    organizations: organizationCount ?? NaN,
    people: peopleCount ?? NaN,
    activities: activityCount ?? NaN,
    attendances: attendanceCount ?? NaN,
    contacts: contactCount ?? NaN,
  };
}

/** The same five figures counted row by row, as the dashboard did before the database kept them. */
async function countedNow() {
  return {
    organizations: await t.db.$count(organizations, isNull(organizations.archivedAt)),
    people: await t.db.$count(people, isNull(people.archivedAt)),
    activities: await t.db.$count(activities, ne(activities.status, "cancelled")),
    attendances: await t.db.$count(participations, eq(participations.status, "attended")),
    contacts: await t.db.$count(interactions),
  };
}
