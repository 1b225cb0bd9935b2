/** A person's page: every activity they took part in (role, status, the organisation they represented then) and their contact log. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTranslator } from "../../src/i18n";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  insertActivity,
  insertContact,
  insertOrganization,
  insertParticipation,
  insertPerson,
  sectionOf,
} from "../helpers/records";

let t: TestApp;
let staff: Client;
let staffUser: { id: number; name: string };
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff, user: staffUser } = await t.loginAs("staff"));
});
afterAll(async () => {
  await t?.close();
});

const en = createTranslator("en");

async function pageOf(personId: number): Promise<string> {
  const response = await staff.get(`/people/${personId}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe("a person's activities", () => {
  it("lists every activity they took part in, newest first, with kind, dates, role, status and whom they represented then", async () => {
    const anahit = await insertPerson(t.db, { fullName: "Anahit Petrosyan" });
    const davit = await insertPerson(t.db, { fullName: "Davit Hakobyan" });
    const council = await insertOrganization(t.db, "Gyumri Refugee Council");
    const roundtable = await insertActivity(t.db, {
      title: "Roundtable on minority languages",
      kind: "roundtable",
      startDate: "2019-05-14",
      endDate: "2019-05-15",
    });
    const training = await insertActivity(t.db, {
      title: "Training for community mediators",
      kind: "training",
      startDate: "2021-03-02",
    });
    const notHers = await insertActivity(t.db, { title: "Study visit to Tbilisi", startDate: "2020-01-01" });
    // The council was called a union when she went: the roster's name stays.
    await insertParticipation(t.db, {
      activityId: roundtable,
      personId: anahit,
      role: "speaker",
      status: "attended",
      organizationId: council,
      organizationName: "Gyumri Refugee Union",
    });
    await insertParticipation(t.db, {
      activityId: training,
      personId: anahit,
      role: "participant",
      status: "registered",
      organizationName: "Yerevan State University",
    });
    await insertParticipation(t.db, { activityId: notHers, personId: davit });

    const activities = sectionOf(await pageOf(anahit), "activities");
    expect(activities).toContain("<h2");
    expect(activities.indexOf("Training for community mediators")).toBeLessThan(
      activities.indexOf("Roundtable on minority languages"),
    );
    expect(activities).toContain(`<a href="/activities/${roundtable}">Roundtable on minority languages</a>`);
    expect(activities).toContain("Round table");
    expect(activities.replace(/<[^>]+>/g, "")).toContain(
      `${en.date("2019-05-14")} – ${en.date("2019-05-15")}`,
    );
    expect(activities).toContain("Speaker");
    expect(activities).toContain("Attended");
    expect(activities).toContain(`<a href="/organizations/${council}">Gyumri Refugee Union</a>`);
    // An organisation not in the directory is named as the roster named it, without a link.
    expect(activities).toContain(">Yerevan State University</td>");
    expect(activities).not.toContain("Study visit to Tbilisi");
  });

  it("says in one line that there are none yet", async () => {
    const newcomer = await insertPerson(t.db, { fullName: "Newcomer Without History" });
    const html = await pageOf(newcomer);
    expect(sectionOf(html, "activities")).toContain("No activities yet.");
    expect(sectionOf(html, "activities")).not.toContain("<table");
    expect(sectionOf(html, "contacts")).toContain("No contacts logged yet.");
  });
});

describe("a person's contact log", () => {
  it("lists contacts newest first with kind, subject, who logged them and the follow-up still open", async () => {
    const leyla = await insertPerson(t.db, { fullName: "Leyla Hüseynova" });
    const other = await insertPerson(t.db, { fullName: "Someone Else" });
    await insertContact(t.db, {
      occurredAt: new Date("2023-06-01T08:00:00Z"),
      kind: "call",
      subject: "Called about the mediators' training",
      followUpDue: "2023-06-10",
      followUpDoneAt: new Date("2023-06-09T10:00:00Z"),
      people: [leyla],
    });
    await insertContact(t.db, {
      occurredAt: new Date("2024-02-10T09:30:00Z"),
      kind: "meeting",
      subject: "Agreed the agenda for the spring roundtable",
      loggedBy: staffUser.id,
      followUpDue: "2024-03-01",
      people: [leyla, other],
    });
    await insertContact(t.db, {
      occurredAt: new Date("2024-05-01T09:30:00Z"),
      subject: "Met someone else entirely",
      people: [other],
    });

    const contacts = sectionOf(await pageOf(leyla), "contacts");
    expect(contacts.indexOf("Agreed the agenda")).toBeGreaterThan(0);
    expect(contacts.indexOf("Agreed the agenda")).toBeLessThan(contacts.indexOf("Called about"));
    expect(contacts).toContain("Meeting");
    expect(contacts).toContain("Call");
    expect(contacts).toContain(staffUser.name);
    expect(contacts).toContain(`by ${en.date("2024-03-01")}`);
    expect(contacts).toContain("overdue");
    // The call's follow-up is done: nothing left to flag.
    expect(contacts).not.toContain(`by ${en.date("2023-06-10")}`);
    expect(contacts).not.toContain("Met someone else entirely");
  });

  it("shows the latest 20 and says how many earlier ones the timeline has", async () => {
    const busy = await insertPerson(t.db, { fullName: "Very Busy Person" });
    for (let day = 1; day <= 23; day += 1) {
      await insertContact(t.db, {
        occurredAt: new Date(Date.UTC(2024, 0, day, 12)),
        subject: `Contact number ${String(day).padStart(2, "0")}`,
        people: [busy],
      });
    }
    const contacts = sectionOf(await pageOf(busy), "contacts");
    expect(contacts.match(/Contact number \d+/g)).toHaveLength(20);
    expect(contacts).toContain("Contact number 23");
    expect(contacts).not.toContain("Contact number 03");
    expect(contacts).toContain("3 earlier contacts are not listed here.");
    expect(contacts).toContain(`href="/people/${busy}/timeline"`);
  });
});

it("links its timeline next to its history", async () => {
  const person = await insertPerson(t.db, { fullName: "Linked Person" });
  const html = await pageOf(person);
  expect(html).toContain(`href="/people/${person}/history"`);
  expect(html).toContain(`href="/people/${person}/timeline">Timeline</a>`);
});
