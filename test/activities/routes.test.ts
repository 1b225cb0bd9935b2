/** Activities: the filtered list, adding and editing (coordinators, locking, dates), and one activity's page. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activities,
  auditEvents,
  focusAreas,
  imports,
  interactions,
  organizations,
  programmes,
} from "../../src/db/schema";
import { organizationSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  insertActivity,
  insertContact,
  insertParticipation,
  insertPartner,
  insertPerson,
  sectionOf,
} from "../helpers/records";

let t: TestApp;
let staff: Client;
let coordinator: Client;
let programmeId: number;
let debateId: number;
let otherAreaId: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  const [programme, other] = await t.db
    .insert(programmes)
    .values([{ name: "Minorities in the South Caucasus" }, { name: "Another programme" }])
    .returning({ id: programmes.id });
  programmeId = programme?.id ?? 0;
  const [debate, elsewhere] = await t.db
    .insert(focusAreas)
    .values([
      { programmeId, name: "Quality of debate" },
      { programmeId: other?.id ?? 0, name: "Elsewhere" },
    ])
    .returning({ id: focusAreas.id });
  debateId = debate?.id ?? 0;
  otherAreaId = elsewhere?.id ?? 0;
});
afterAll(async () => {
  await t?.close();
});

const seminar = {
  title: "Seminar for officials on minority languages",
  kind: "seminar",
  status: "planned",
  programmeId: "",
  focusAreaId: "",
  startDate: "2025-03-10",
  endDate: "2025-03-11",
  country: "Georgia",
  city: "Tbilisi",
  venue: "Parliament library",
  targetGroups: "officials, parliamentarians",
  description: "",
  outcomes: "",
};

function idOf(response: Response): number {
  return Number((response.headers.get("location") ?? "").split("/").at(-1));
}

describe("adding an activity", () => {
  it("stores it with the programme its focus area belongs to, audited, and shows it", async () => {
    const response = await coordinator.post("/activities", { ...seminar, focusAreaId: String(debateId) });
    expect(response.status).toBe(303);
    const [row] = await t.db
      .select()
      .from(activities)
      .where(eq(activities.id, idOf(response)));
    expect(row).toMatchObject({
      programmeId,
      focusAreaId: debateId,
      country: "GE",
      targetGroups: ["officials", "parliamentarians"],
    });
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, idOf(response)));
    expect(events.map((event) => event.action)).toContain("activity.create");
    const page = await (await staff.get(`/activities/${idOf(response)}`)).text();
    expect(page).toContain("Seminar for officials on minority languages");
    expect(page).toContain("Quality of debate");
    expect(page).toContain("Parliament library");
  });

  it("refuses an end before the start, an impossible date and a missing title (422, values kept)", async () => {
    const before = await t.db.$count(activities);
    const ends = await coordinator.post("/activities", { ...seminar, endDate: "2025-03-01" });
    expect(ends.status).toBe(422);
    expect(await ends.text()).toContain("The end cannot be before the start.");
    const impossible = await coordinator.post("/activities", { ...seminar, startDate: "2025-02-30" });
    expect(impossible.status).toBe(422);
    const untitled = await coordinator.post("/activities", { ...seminar, title: "  " });
    expect(untitled.status).toBe(422);
    expect(await untitled.text()).toContain('value="Parliament library"');
    expect(await t.db.$count(activities)).toBe(before);
  });

  it("refuses a focus area of another programme than the one chosen (422)", async () => {
    const response = await coordinator.post("/activities", {
      ...seminar,
      programmeId: String(programmeId),
      focusAreaId: String(otherAreaId),
    });
    expect(response.status).toBe(422);
    const unknown = await coordinator.post("/activities", { ...seminar, programmeId: "999999" });
    expect(unknown.status).toBe(422);
  });

  it("is for coordinators: staff see the list and an activity, but cannot add or edit (403)", async () => {
    expect((await staff.get("/activities")).status).toBe(200);
    expect(await (await staff.get("/activities")).text()).not.toContain('href="/activities/new"');
    expect((await staff.get("/activities/new")).status).toBe(403);
    expect((await staff.post("/activities", seminar)).status).toBe(403);
  });

  it("shows markup in a title as text, and answers a malformed id with 404", async () => {
    const id = await insertActivity(t.db, {
      title: "<script>alert(1)</script> Forum",
      startDate: "2024-01-01",
    });
    const page = await (await staff.get(`/activities/${id}`)).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Forum");
    expect((await staff.get("/activities/abc")).status).toBe(404);
    expect((await coordinator.get("/activities/999999/edit")).status).toBe(404);
  });
});

describe("editing an activity", () => {
  it("saves with the version the form was opened at, and refuses a stale save with what changed (409)", async () => {
    const created = await coordinator.post("/activities", { ...seminar, title: "Roundtable in Gyumri" });
    const path = created.headers.get("location") ?? "";
    const first = await coordinator.post(path, {
      ...seminar,
      title: "Roundtable in Gyumri",
      status: "held",
      version: "1",
    });
    expect(first.status).toBe(303);
    const stale = await coordinator.post(path, {
      ...seminar,
      title: "Roundtable in Gyumri",
      city: "Vanadzor",
      version: "1",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('value="Vanadzor"');
    expect(html).toContain('name="version" value="2"');
    const [row] = await t.db
      .select()
      .from(activities)
      .where(eq(activities.id, idOf(created)));
    expect(row).toMatchObject({ status: "held", city: "Tbilisi" });
  });
});

describe("the list", () => {
  it("filters by kind, year, status and partner, and shows how many attended", async () => {
    const name = "Armenian Helsinki Committee";
    const [organization] = await t.db
      .insert(organizations)
      .values({ name, ...organizationSearchColumns({ name }) })
      .returning({ id: organizations.id });
    const partner = organization?.id ?? 0;
    const training = await insertActivity(t.db, {
      title: "Training of trainers 2019",
      kind: "training",
      startDate: "2019-05-02",
    });
    await insertPartner(t.db, { activityId: training, organizationId: partner, role: "co_organiser" });
    const person = await insertPerson(t.db, { fullName: "Anahit Sargsyan" });
    await insertParticipation(t.db, { activityId: training, personId: person, status: "attended" });
    const cancelled = await insertActivity(t.db, {
      title: "Cancelled workshop 2019",
      kind: "workshop",
      status: "cancelled",
      startDate: "2019-09-09",
    });

    const results = async (query: string) => {
      const html = await (await staff.get(`/activities?${query}`)).text();
      return sectionOf(html, "activities-results");
    };
    const byKind = await results("kind=training");
    expect(byKind).toContain("Training of trainers 2019");
    expect(byKind).not.toContain("Cancelled workshop 2019");
    const byYear = await results("year=2019");
    expect(byYear).toContain("Training of trainers 2019");
    expect(byYear).toContain("Cancelled workshop 2019");
    expect(byYear).not.toContain("Roundtable in Gyumri");
    expect(await results("status=cancelled")).toContain(`/activities/${cancelled}`);
    const byPartner = await results("partner=helsinki");
    expect(byPartner).toContain("Training of trainers 2019");
    expect(byPartner).not.toContain("Cancelled workshop 2019");
    expect(await results("kind=nonsense&year=abc")).toContain("Training of trainers 2019");

    const page = await (await staff.get(`/activities/${training}`)).text();
    expect(page).toContain("Armenian Helsinki Committee");
    expect(page).toContain("Co-organiser");
    expect(sectionOf(page, "roster-title")).toContain("Attended: <strong>1</strong>");
    expect(await (await staff.get(`/activities/${cancelled}`)).text()).toContain("Its roster is kept.");
  });
});

describe("deleting an activity", () => {
  it("deletes one nobody took part in, with its partner roles, keeping contacts about it; audited; twice is no error", async () => {
    const activityId = await insertActivity(t.db, { title: "Planned by mistake", startDate: "2025-06-01" });
    const [organization] = await t.db
      .insert(organizations)
      .values({ name: "Host NGO", ...organizationSearchColumns({ name: "Host NGO" }) })
      .returning({ id: organizations.id });
    await insertPartner(t.db, { activityId, organizationId: organization?.id ?? 0, role: "host" });
    const contactId = await insertContact(t.db, {
      activityId,
      subject: "Venue visit",
      occurredAt: new Date("2025-05-20T10:00:00Z"),
    });
    const page = await (await coordinator.get(`/activities/${activityId}`)).text();
    expect(page).toContain("Delete “Planned by mistake”");
    expect(await (await staff.get(`/activities/${activityId}`)).text()).not.toContain(
      "Delete “Planned by mistake”",
    );

    expect((await staff.post(`/activities/${activityId}/delete`)).status).toBe(403);
    const response = await coordinator.post(`/activities/${activityId}/delete`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/activities");
    expect(await (await coordinator.get("/activities")).text()).toContain("Activity deleted.");
    expect(await t.db.$count(activities, eq(activities.id, activityId))).toBe(0);
    const [contact] = await t.db.select().from(interactions).where(eq(interactions.id, contactId));
    expect(contact).toMatchObject({ subject: "Venue visit", activityId: null });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "activity.delete"));
    expect(event?.before).toMatchObject({ title: "Planned by mistake", partners: [{ role: "host" }] });

    const again = await coordinator.post(`/activities/${activityId}/delete`);
    expect(again.status).toBe(303);
    expect(await (await coordinator.get("/activities")).text()).toContain("already been deleted");
  });

  it("refuses an activity with participants (409, advice to cancel it), and does not offer it", async () => {
    const activityId = await insertActivity(t.db, { title: "Held with people", startDate: "2025-06-02" });
    const personId = await insertPerson(t.db, { fullName: "Nino Beridze" });
    await insertParticipation(t.db, { activityId, personId, status: "attended" });
    expect(await (await coordinator.get(`/activities/${activityId}`)).text()).not.toContain(
      "Delete “Held with people”",
    );
    const response = await coordinator.post(`/activities/${activityId}/delete`);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("set its status to cancelled");
    expect(await t.db.$count(activities, eq(activities.id, activityId))).toBe(1);
  });

  it("refuses an activity an import of participants names, with that reason, and does not offer it", async () => {
    const activityId = await insertActivity(t.db, { title: "Imported into", startDate: "2025-06-03" });
    await t.db.insert(imports).values({
      kind: "participants",
      activityId,
      fileName: "sign-in.csv",
      fileBytes: Buffer.from("name\n"),
    });
    expect(await (await coordinator.get(`/activities/${activityId}`)).text()).not.toContain(
      "Delete “Imported into”",
    );
    const response = await coordinator.post(`/activities/${activityId}/delete`);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("An import of participants names this activity");
    expect(await t.db.$count(activities, eq(activities.id, activityId))).toBe(1);
  });
});
