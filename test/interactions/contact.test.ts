/**
 * A contact's page, its edit (optimistic locking, audited, with history) and its deletion: opened by anyone who reads
 * the log, changed by its author or a coordinator and above; linked from the log, the records' pages and timelines.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, interactionPeople, interactions, people } from "../../src/db/schema";
import { createTranslator } from "../../src/i18n";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  insertActivity,
  insertContact,
  insertOrganization,
  insertPerson,
  sectionOf,
} from "../helpers/records";

let t: TestApp;
let author: Client;
let authorUser: { id: number; name: string };
let colleague: Client;
let coordinator: Client;
let aysel: number;
let tural: number;
let forum: number;
let school: number;
beforeAll(async () => {
  t = await createTestApp({ timeZone: "Asia/Baku" });
  ({ client: author, user: authorUser } = await t.loginAs("staff"));
  ({ client: colleague } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  aysel = await insertPerson(t.db, { fullName: "Aysel Mammadova" });
  tural = await insertPerson(t.db, { fullName: "Tural Bayramov" });
  forum = await insertOrganization(t.db, "Ganja Civic Forum");
  await insertOrganization(t.db, "Lankaran Women's Union");
  school = await insertActivity(t.db, { title: "Debate school", startDate: "2026-03-01" });
});
afterAll(async () => {
  await t?.close();
});

/** A contact logged by the author, with two people, an organisation, an activity and a follow-up. */
async function loggedContact(subject: string) {
  return insertContact(t.db, {
    subject,
    kind: "visit",
    notes: "Brought the agenda.",
    occurredAt: new Date("2026-03-05T10:30:00Z"),
    loggedBy: authorUser.id,
    createdBy: authorUser.id,
    activityId: school,
    people: [aysel, tural],
    organizations: [forum],
    followUpDue: "2026-03-12",
    followUpAssigneeId: authorUser.id,
    followUpNote: "Send the minutes",
  });
}

const stored = async (id: number) =>
  (await t.db.select().from(interactions).where(eq(interactions.id, id)))[0];
const linkedPeople = async (id: number) =>
  (await t.db.select().from(interactionPeople).where(eq(interactionPeople.interactionId, id)))
    .map((link) => link.personId)
    .sort();
const auditOf = (id: number, action: string) =>
  t.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "interaction"),
        eq(auditEvents.entityId, id),
        eq(auditEvents.action, action),
      ),
    );

/** The edit form as stored: what the browser would send back unchanged. */
function unchangedForm(id: number, version = 1): Record<string, string> {
  return {
    version: String(version),
    kind: "visit",
    occurredAt: "2026-03-05T14:30",
    subject: "",
    notes: "Brought the agenda.",
    personIds: `${aysel},${tural}`,
    organizationIds: String(forum),
    activityId: String(school),
    followUpDue: "2026-03-12",
    followUpAssigneeId: String(authorUser.id),
    followUpNote: "Send the minutes",
    id: String(id),
  };
}

describe("a contact's page", () => {
  it("shows everything about it to any staff member, with Edit and Delete for its author only", async () => {
    const id = await loggedContact("Visit to the forum");
    const theirs = await author.get(`/interactions/${id}`);
    expect(theirs.status).toBe(200);
    const html = await theirs.text();
    expect(html).toContain('<h1 id="contact-title">Visit to the forum</h1>');
    for (const text of [
      "Visit",
      `<a href="/people/${aysel}">Aysel Mammadova</a>`,
      `<a href="/people/${tural}">Tural Bayramov</a>`,
      `<a href="/organizations/${forum}">Ganja Civic Forum</a>`,
      `<a href="/activities/${school}">Debate school</a>`,
      "Brought the agenda.",
      "Send the minutes",
      authorUser.name,
    ])
      expect(html).toContain(text);
    // 10:30 UTC is 14:30 in Baku.
    expect(html).toMatch(/datetime="2026-03-05T10:30:00.000Z">Mar 5, 2026, 2:30\sPM/);
    expect(html).toContain(`href="/interactions/${id}/edit"`);
    expect(html).toContain(`action="/interactions/${id}/delete"`);
    expect(html).toContain(`href="/interactions/${id}/history"`);

    const other = await (await colleague.get(`/interactions/${id}`)).text();
    expect(other).toContain("Visit to the forum");
    expect(other).not.toContain(`/interactions/${id}/edit`);
    expect(other).not.toContain(`/interactions/${id}/delete`);
    const coordinators = await (await coordinator.get(`/interactions/${id}`)).text();
    expect(coordinators).toContain(`href="/interactions/${id}/edit"`);
  });

  it("is linked from the log, the person's and the organisation's pages and the timeline", async () => {
    const id = await loggedContact("Linked everywhere");
    const link = `<a href="/interactions/${id}">Linked everywhere</a>`;
    expect(await (await colleague.get("/interactions")).text()).toContain(link);
    expect(sectionOf(await (await colleague.get(`/people/${aysel}`)).text(), "contacts")).toContain(link);
    expect(sectionOf(await (await colleague.get(`/organizations/${forum}`)).text(), "contacts")).toContain(
      link,
    );
    expect(await (await colleague.get(`/people/${tural}/timeline`)).text()).toContain(link);
  });

  it("answers 404 for a contact that does not exist", async () => {
    expect((await colleague.get("/interactions/999999")).status).toBe(404);
    expect((await colleague.get("/interactions/999999/edit")).status).toBe(404);
  });
});

describe("editing a contact", () => {
  it("saves the author's change with its people and organisations, audited before and after, shown in History", async () => {
    const id = await loggedContact("Before the edit");
    const form = await (await author.get(`/interactions/${id}/edit`)).text();
    expect(form).toContain('name="version" value="1"');
    expect(form).toContain('value="Before the edit"');
    expect(form).toMatch(new RegExp(`name="personIds" value="${tural}" checked`));
    expect(form).toContain('value="2026-03-05T14:30"');

    const response = await author.post(`/interactions/${id}`, {
      ...unchangedForm(id),
      subject: "After the edit",
      kind: "call",
      followUpDue: "2026-03-19",
      personIds: String(aysel),
      organizations: "Lankaran Women's Union",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/interactions/${id}`);
    expect(await stored(id)).toMatchObject({
      subject: "After the edit",
      version: 2,
      followUpDue: "2026-03-19",
    });
    expect(await linkedPeople(id)).toEqual([aysel]);
    const page = await (await author.get(`/interactions/${id}`)).text();
    expect(page).toContain("Your changes are saved.");
    expect(page).toContain("Lankaran Women&#39;s Union");
    expect(page).not.toContain("Tural Bayramov");

    const [event] = await auditOf(id, "interaction.update");
    expect(event?.userId).toBe(authorUser.id);
    expect(event?.before).toMatchObject({
      subject: "Before the edit",
      people: ["Aysel Mammadova", "Tural Bayramov"],
    });
    expect(event?.after).toMatchObject({
      subject: "After the edit",
      people: ["Aysel Mammadova"],
      organizations: ["Ganja Civic Forum", "Lankaran Women's Union"],
    });
    const history = await (await colleague.get(`/interactions/${id}/history`)).text();
    expect(history).toContain("History of After the edit");
    expect(history).toMatch(/<th scope="row">Subject<\/th><td>Before the edit<\/td><td>After the edit<\/td>/);
    expect(history).toMatch(
      /<th scope="row">People<\/th><td>Aysel Mammadova, Tural Bayramov<\/td><td>Aysel Mammadova<\/td>/,
    );
    // The ids behind the names are kept in the audit, not shown; codes and dates read as on the contact's page.
    expect(history).not.toContain("personIds");
    expect(history).toMatch(/<th scope="row">Kind<\/th><td>Visit<\/td><td>Call<\/td>/);
    const { date } = createTranslator("en");
    expect(history).toContain(`<td>${date("2026-03-12")}</td><td>${date("2026-03-19")}</td>`);
    expect(history).not.toContain("2026-03-19");
  });

  it("is refused (403) to staff who did not log it, and nothing changes", async () => {
    const id = await loggedContact("Not theirs");
    expect((await colleague.get(`/interactions/${id}/edit`)).status).toBe(403);
    const post = await colleague.post(`/interactions/${id}`, { ...unchangedForm(id), subject: "Taken over" });
    expect(post.status).toBe(403);
    expect((await stored(id))?.subject).toBe("Not theirs");
  });

  it("is allowed to a coordinator who did not log it", async () => {
    const id = await loggedContact("Coordinated");
    const response = await coordinator.post(`/interactions/${id}`, {
      ...unchangedForm(id),
      subject: "Corrected",
    });
    expect(response.status).toBe(303);
    expect((await stored(id))?.subject).toBe("Corrected");
  });

  it("comes back (422) with the error beside the field, what was typed kept, and a cleared box still cleared", async () => {
    const id = await loggedContact("Will not save");
    const response = await author.post(`/interactions/${id}`, {
      ...unchangedForm(id),
      subject: "",
      personIds: String(aysel),
      notes: "Kept notes",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/id="field-subject-error">Please fill this in\./);
    expect(html).toContain("Kept notes");
    expect(html).toMatch(new RegExp(`name="personIds" value="${aysel}" checked`));
    expect(html).toMatch(new RegExp(`name="personIds" value="${tural}"/>Tural Bayramov`));
    expect((await stored(id))?.subject).toBe("Will not save");
  });

  it("refuses a stale save (409), shows what the other person changed, and keeps the typed input", async () => {
    const id = await loggedContact("Original subject");
    const first = await coordinator.post(`/interactions/${id}`, {
      ...unchangedForm(id),
      subject: "Coordinator's subject",
    });
    expect(first.status).toBe(303);
    const stale = await author.post(`/interactions/${id}`, {
      ...unchangedForm(id),
      subject: "Author's subject",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Subject: now “Coordinator&#39;s subject”");
    expect(html).toContain('value="Author&#39;s subject"');
    expect(html).toContain('name="version" value="2"');
    expect((await stored(id))?.subject).toBe("Coordinator's subject");
    // Saving again is a deliberate overwrite, at the version now stored.
    const again = await author.post(`/interactions/${id}`, {
      ...unchangedForm(id, 2),
      subject: "Author's subject",
    });
    expect(again.status).toBe(303);
    expect((await stored(id))?.subject).toBe("Author's subject");
  });

  it("keeps a person archived since the contact, while their box stays ticked", async () => {
    const archived = await insertPerson(t.db, { fullName: "Archived Since", archivedAt: new Date() });
    const id = await insertContact(t.db, {
      subject: "With an archived person",
      occurredAt: new Date("2026-03-05T10:30:00Z"),
      loggedBy: authorUser.id,
      people: [archived, aysel],
    });
    const form = await (await author.get(`/interactions/${id}/edit`)).text();
    expect(form).toMatch(new RegExp(`name="personIds" value="${archived}" checked`));
    const response = await author.post(`/interactions/${id}`, {
      ...unchangedForm(id),
      subject: "With an archived person, edited",
      personIds: `${archived},${aysel}`,
      organizationIds: "",
      activityId: "",
    });
    expect(response.status).toBe(303);
    expect(await linkedPeople(id)).toEqual([archived, aysel].sort());
  });
});

describe("deleting a contact", () => {
  it("asks for confirmation, deletes it with its links, audits what it was, and goes back to the log", async () => {
    const id = await loggedContact("To be deleted");
    const page = await (await author.get(`/interactions/${id}`)).text();
    expect(page).toContain("<summary>Delete this contact</summary>");
    expect(page).toContain("Delete “To be deleted”");
    const response = await author.post(`/interactions/${id}/delete`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/interactions");
    expect(await stored(id)).toBeUndefined();
    expect(await linkedPeople(id)).toEqual([]);
    const [event] = await auditOf(id, "interaction.delete");
    expect(event?.userId).toBe(authorUser.id);
    expect(event?.before).toMatchObject({
      subject: "To be deleted",
      people: ["Aysel Mammadova", "Tural Bayramov"],
    });
    const log = await (await author.get("/interactions")).text();
    expect(log).toContain("Contact “To be deleted” deleted.");
    expect(log).not.toContain(`/interactions/${id}"`);
    expect((await author.get(`/interactions/${id}`)).status).toBe(404);
    // The people are still there: only the contact went.
    expect(await t.db.$count(people, eq(people.id, aysel))).toBe(1);
  });

  it("twice (a double click) is no error: the second says it is already deleted", async () => {
    const id = await loggedContact("Deleted twice");
    await author.post(`/interactions/${id}/delete`);
    const second = await author.post(`/interactions/${id}/delete`);
    expect(second.status).toBe(303);
    expect(await (await author.get("/interactions")).text()).toContain("That contact is already deleted.");
  });

  it("is refused (403) to staff who did not log it, and allowed to a coordinator", async () => {
    const id = await loggedContact("Kept from colleagues");
    expect((await colleague.post(`/interactions/${id}/delete`)).status).toBe(403);
    expect(await stored(id)).toBeDefined();
    expect((await coordinator.post(`/interactions/${id}/delete`)).status).toBe(303);
    expect(await stored(id)).toBeUndefined();
  });
});
