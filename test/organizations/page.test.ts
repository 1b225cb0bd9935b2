/** An organisation's page: the activities it co-organised (with its role), the participants it sent, its contact log. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  insertActivity,
  insertContact,
  insertOrganization,
  insertParticipation,
  insertPartner,
  insertPerson,
  sectionOf,
} from "../helpers/records";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
});
afterAll(async () => {
  await t?.close();
});

async function pageOf(organizationId: number): Promise<string> {
  const response = await staff.get(`/organizations/${organizationId}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The cells of the table row that names this activity. */
function rowOf(html: string, title: string): string[] {
  const row = (html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []).find((candidate) => candidate.includes(title));
  if (!row) throw new Error(`no row for ${title}`);
  return [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => cell[1] ?? "");
}

describe("an organisation's activities", () => {
  it("lists the activities it co-organised, newest first, with its role and contribution", async () => {
    const council = await insertOrganization(t.db, "Gyumri Refugee Council");
    const links = await insertOrganization(t.db, "Caucasus Links");
    const roundtable = await insertActivity(t.db, {
      title: "Roundtable on minority languages",
      kind: "roundtable",
      startDate: "2019-05-14",
    });
    const workshop = await insertActivity(t.db, {
      title: "Workshop on legal aid",
      kind: "workshop",
      startDate: "2022-10-03",
    });
    await insertPartner(t.db, { activityId: roundtable, organizationId: links, role: "lead" });
    await insertPartner(t.db, {
      activityId: roundtable,
      organizationId: council,
      role: "co_organiser",
      contribution: "Recruited participants from the camps",
    });
    await insertPartner(t.db, { activityId: workshop, organizationId: council, role: "host" });

    const joint = sectionOf(await pageOf(council), "joint-activities");
    expect(joint.indexOf("Workshop on legal aid")).toBeGreaterThan(0);
    expect(joint.indexOf("Workshop on legal aid")).toBeLessThan(
      joint.indexOf("Roundtable on minority languages"),
    );
    expect(rowOf(joint, "Roundtable on minority languages").slice(1)).toEqual([
      "Round table",
      expect.any(String),
      "Co-organiser",
      "Recruited participants from the camps",
    ]);
    expect(rowOf(joint, "Workshop on legal aid")[3]).toBe("Host");
    expect(joint).toContain(`href="/activities/${roundtable}"`);
    // The lead is the other organisation's role, shown on its page, not on this one.
    expect(joint).not.toContain("Lead organiser");
    expect(sectionOf(await pageOf(links), "joint-activities")).toContain("Lead organiser");
  });

  it("counts, per activity, the participants it sent and how many of them attended", async () => {
    const ministry = await insertOrganization(t.db, "Ministry of Labour");
    const elsewhere = await insertOrganization(t.db, "Another Ministry");
    const seminar = await insertActivity(t.db, {
      title: "Seminar on data protection",
      startDate: "2022-04-05",
    });
    const training = await insertActivity(t.db, {
      title: "Training for inspectors",
      startDate: "2023-09-12",
    });
    const statuses = ["attended", "attended", "no_show"] as const;
    for (const [index, status] of statuses.entries()) {
      const personId = await insertPerson(t.db, { fullName: `Official ${index}` });
      await insertParticipation(t.db, { activityId: seminar, personId, status, organizationId: ministry });
    }
    const inspector = await insertPerson(t.db, { fullName: "Inspector" });
    await insertParticipation(t.db, { activityId: training, personId: inspector, organizationId: ministry });
    const outsider = await insertPerson(t.db, { fullName: "Outsider" });
    await insertParticipation(t.db, {
      activityId: seminar,
      personId: outsider,
      status: "attended",
      organizationId: elsewhere,
    });

    const sent = sectionOf(await pageOf(ministry), "participants-sent");
    expect(sent.indexOf("Training for inspectors")).toBeLessThan(sent.indexOf("Seminar on data protection"));
    expect(rowOf(sent, "Seminar on data protection").slice(3)).toEqual(["3", "2"]);
    expect(rowOf(sent, "Training for inspectors").slice(3)).toEqual(["1", "0"]);
  });
});

describe("an organisation's contact log", () => {
  it("lists the contacts linked to it, and only those", async () => {
    const union = await insertOrganization(t.db, "Ganja Women's Union");
    const person = await insertPerson(t.db, { fullName: "Zarifa Hasanova" });
    await insertContact(t.db, {
      occurredAt: new Date("2024-04-02T07:00:00Z"),
      kind: "visit",
      subject: "Visited the resource centre",
      organizations: [union],
      people: [person],
    });
    await insertContact(t.db, {
      occurredAt: new Date("2024-04-03T07:00:00Z"),
      subject: "Talked to her about something else",
      people: [person],
    });
    const contacts = sectionOf(await pageOf(union), "contacts");
    expect(contacts).toContain("Visited the resource centre");
    expect(contacts).toContain("Visit");
    expect(contacts).not.toContain("Talked to her about something else");
  });
});

it("says in one line when it has no joint activities, participants or contacts yet", async () => {
  const quiet = await insertOrganization(t.db, "Quiet Organisation");
  const html = await pageOf(quiet);
  expect(sectionOf(html, "joint-activities")).toContain("No joint activities yet.");
  expect(sectionOf(html, "participants-sent")).toContain("No participants sent yet.");
  expect(sectionOf(html, "contacts")).toContain("No contacts logged yet.");
  expect(html).toContain(`href="/organizations/${quiet}/timeline"`);
});
