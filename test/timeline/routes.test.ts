/** The timelines of a person and an organisation: one list in date order, linked from the record, capped with a notice. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactionOrganizations, interactions } from "../../src/db/schema";
import { timelineCap } from "../../src/timeline/routes";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  insertActivity,
  insertAffiliation,
  insertContact,
  insertOrganization,
  insertParticipation,
  insertPartner,
  insertPerson,
} from "../helpers/records";

let t: TestApp;
let staff: Client;
let coordinator: Client;
let anahit: number;
let council: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  // Anahit worked at the council 2015–2019, spoke at its roundtable, then went to a training on her own.
  anahit = await insertPerson(t.db, {
    fullName: "Anahit Petrosyan",
    community: "Yazidi",
    displacementStatus: "refugee",
  });
  council = await insertOrganization(t.db, "Gyumri Refugee Council");
  await insertAffiliation(t.db, {
    personId: anahit,
    organizationId: council,
    position: "Legal adviser",
    startDate: "2015-01-01",
    endDate: "2019-12-31",
  });
  const roundtable = await insertActivity(t.db, {
    title: "Roundtable on minority languages",
    startDate: "2019-05-14",
  });
  const training = await insertActivity(t.db, { title: "Training for mediators", startDate: "2021-03-02" });
  await insertPartner(t.db, { activityId: roundtable, organizationId: council, role: "co_organiser" });
  await insertParticipation(t.db, {
    activityId: roundtable,
    personId: anahit,
    role: "speaker",
    status: "attended",
    organizationId: council,
  });
  await insertParticipation(t.db, { activityId: training, personId: anahit });
  await insertContact(t.db, {
    occurredAt: new Date("2024-02-10T09:30:00Z"),
    subject: "Agreed the spring agenda",
    people: [anahit],
    organizations: [council],
  });
  await insertContact(t.db, {
    occurredAt: new Date("2018-01-10T09:00:00Z"),
    kind: "call",
    subject: "First call about the roundtable",
    people: [anahit],
  });
});
afterAll(async () => {
  await t?.close();
});

/** The timeline's entries, each as its text without markup. */
async function entriesOf(client: Client, path: string): Promise<string[]> {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  const list = html.slice(html.indexOf('<ol class="timeline">'), html.indexOf("</ol>"));
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) =>
    (item[1] ?? "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " "),
  );
}

describe("a person's timeline", () => {
  it("merges affiliations, activities and contacts, newest first", async () => {
    const entries = await entriesOf(staff, `/people/${anahit}/timeline`);
    expect(entries).toHaveLength(6);
    expect(entries[0]).toMatch(/Contact .*Agreed the spring agenda/);
    expect(entries[1]).toMatch(/Activity .*Training for mediators/);
    expect(entries[2]).toMatch(/End of affiliation .*Gyumri Refugee Council · Legal adviser/);
    expect(entries[3]).toMatch(/Activity .*Roundtable on minority languages · Speaker · Attended/);
    expect(entries[4]).toMatch(/Contact .*First call about the roundtable · Call/);
    expect(entries[5]).toMatch(/Start of affiliation .*Gyumri Refugee Council/);
  });

  it("never shows the sensitive fields, not even to a coordinator", async () => {
    const html = await (await coordinator.get(`/people/${anahit}/timeline`)).text();
    expect(html).toContain("Anahit Petrosyan");
    expect(html).not.toContain("Yazidi");
    expect(html).not.toContain("Refugee<");
  });
});

describe("an organisation's timeline", () => {
  it("merges its people's affiliations, its joint activities, the participants it sent and its contacts", async () => {
    const entries = await entriesOf(staff, `/organizations/${council}/timeline`);
    expect(entries).toHaveLength(5);
    expect(entries[0]).toMatch(/Contact .*Agreed the spring agenda/);
    expect(entries[1]).toMatch(/End of affiliation .*Anahit Petrosyan/);
    expect(entries[2]).toMatch(/Joint activity .*Roundtable on minority languages · Co-organiser/);
    expect(entries[3]).toMatch(
      /Participants sent .*Roundtable on minority languages · 1 participant, 1 attended/,
    );
    expect(entries[4]).toMatch(/Start of affiliation .*Anahit Petrosyan/);
  });

  it(`shows the latest ${timelineCap} entries and says older ones are left out`, async () => {
    const busy = await insertOrganization(t.db, "Very Busy Organisation");
    const rows = await t.db
      .insert(interactions)
      .values(
        Array.from({ length: timelineCap + 1 }, (_, index) => ({
          occurredAt: new Date(Date.UTC(2020, 0, 1 + index, 12)),
          kind: "call" as const,
          subject: `Call ${index}`,
        })),
      )
      .returning({ id: interactions.id });
    await t.db
      .insert(interactionOrganizations)
      .values(rows.map((row) => ({ interactionId: row.id, organizationId: busy })));
    const response = await staff.get(`/organizations/${busy}/timeline`);
    const html = await response.text();
    expect(html).toContain(`Showing the latest ${timelineCap} entries; older ones are left out.`);
    const entries = await entriesOf(staff, `/organizations/${busy}/timeline`);
    expect(entries).toHaveLength(timelineCap);
    expect(entries[0]).toContain(`Call ${timelineCap}`);
    expect(entries.join()).not.toContain("Call 0 ");
  });
});

describe("timeline pages", () => {
  it("are linked from the record, next to its history", async () => {
    const html = await (await staff.get(`/people/${anahit}`)).text();
    expect(html).toMatch(
      /href="\/people\/\d+\/history">History<\/a>\s*<a class="button" href="\/people\/\d+\/timeline">/,
    );
  });

  it("say so when nothing is recorded yet", async () => {
    const newcomer = await insertPerson(t.db, { fullName: "Newcomer" });
    const html = await (await staff.get(`/people/${newcomer}/timeline`)).text();
    expect(html).toContain("Nothing recorded yet.");
  });

  it.each([
    "/people/abc/timeline",
    "/people/0/timeline",
    "/people/99999999/timeline",
    "/organizations/1.5/timeline",
    "/organizations/99999999/timeline",
  ])("%s is not found", async (path) => {
    const response = await staff.get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});
