/** "My follow-ups" on the dashboard (overdue first) and marking one done: by its assignee or a coordinator, no one else. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, interactions } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertContact, insertPerson, sectionOf } from "../helpers/records";

let t: TestApp;
let staff: Client;
let staffUser: { id: number };
let colleague: Client;
let coordinator: Client;
let person: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff, user: staffUser } = await t.loginAs("staff"));
  ({ client: colleague } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  person = await insertPerson(t.db, { fullName: "Kamala Huseynova" });
});
afterAll(async () => {
  await t?.close();
});

function day(offset: number): string {
  return new Date(Date.now() + offset * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

async function followUp(subject: string, due: string, assigneeId: number, done = false) {
  return insertContact(t.db, {
    subject,
    occurredAt: new Date(),
    people: [person],
    followUpDue: due,
    followUpAssigneeId: assigneeId,
    followUpDoneAt: done ? new Date() : null,
  });
}

async function myFollowUps(client: Client): Promise<string[]> {
  const html = await (await client.get("/")).text();
  const section = sectionOf(html, "follow-ups");
  return [...section.matchAll(/<th scope="row"><a href="\/interactions\/\d+">([^<]*)<\/a><\/th>/g)].map(
    ([, subject]) => subject ?? "",
  );
}

const doneAt = async (id: number) =>
  (await t.db.select().from(interactions).where(eq(interactions.id, id)))[0]?.followUpDoneAt;

describe("my follow-ups", () => {
  it("lists my open follow-ups, overdue first, then by due date, and not others' or done ones", async () => {
    const other = await t.createTestUser("staff");
    await followUp("Next week", day(7), staffUser.id);
    await followUp("Long overdue", day(-30), staffUser.id);
    await followUp("Tomorrow", day(1), staffUser.id);
    await followUp("Overdue since yesterday", day(-1), staffUser.id);
    await followUp("Someone else's", day(-5), other.id);
    await followUp("Already done", day(-3), staffUser.id, true);
    expect(await myFollowUps(staff)).toEqual([
      "Long overdue",
      "Overdue since yesterday",
      "Tomorrow",
      "Next week",
    ]);
    const html = sectionOf(await (await staff.get("/")).text(), "follow-ups");
    expect(html.match(/class="badge warning">overdue<\/span>/g)).toHaveLength(2);
  });

  it("is marked done by its assignee, with a flash and an audit event", async () => {
    const id = await followUp("Send the report", day(2), staffUser.id);
    const response = await staff.post(`/interactions/${id}/follow-up/done`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/#follow-ups");
    expect(await doneAt(id)).toBeInstanceOf(Date);
    const page = await (await staff.get("/")).text();
    expect(page).toContain("Follow-up marked done.");
    expect(sectionOf(page, "follow-ups")).not.toContain("Send the report");
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit).toMatchObject({ action: "interaction.follow_up_done", userId: staffUser.id });
  });

  it("answers htmx with no row, so the row is swapped out, and the message for the flash area", async () => {
    const id = await followUp("Call back", day(3), staffUser.id);
    const response = await staff.post(`/interactions/${id}/follow-up/done`, {}, { "HX-Request": "true" });
    expect(response.status).toBe(200);
    // Only the flash area, out of band: the row itself is swapped for nothing.
    expect(await response.text()).toBe(
      '<div id="flash" hx-swap-oob="innerHTML"><p class="flash">Follow-up marked done.</p></div>',
    );
    expect(await doneAt(id)).toBeInstanceOf(Date);
  });

  it("is refused to other staff", async () => {
    const id = await followUp("Not theirs", day(3), staffUser.id);
    const response = await colleague.post(`/interactions/${id}/follow-up/done`);
    expect(response.status).toBe(403);
    expect(await doneAt(id)).toBeNull();
  });

  it("may be marked done by a coordinator", async () => {
    const id = await followUp("Coordinator closes it", day(3), staffUser.id);
    const response = await coordinator.post(`/interactions/${id}/follow-up/done`);
    expect(response.status).toBe(303);
    expect(await doneAt(id)).toBeInstanceOf(Date);
  });

  it("says so when it is no longer open", async () => {
    const id = await followUp("Done twice", day(3), staffUser.id, true);
    const response = await staff.post(`/interactions/${id}/follow-up/done`);
    expect(response.status).toBe(303);
    expect(await (await staff.get("/")).text()).toContain("That follow-up is no longer open.");
  });
});
