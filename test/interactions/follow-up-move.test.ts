/** A follow-up reassigned and rescheduled, from the contact's page and the dashboard: by its author, assignee or a coordinator. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, interactions, users } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertContact, insertPerson, sectionOf } from "../helpers/records";

let t: TestApp;
let author: Client;
let authorUser: { id: number; name: string };
let assignee: Client;
let assigneeUser: { id: number; name: string };
let colleague: Client;
let colleagueUser: { id: number; name: string };
let coordinator: Client;
let person: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: author, user: authorUser } = await t.loginAs("staff"));
  ({ client: assignee, user: assigneeUser } = await t.loginAs("staff"));
  ({ client: colleague, user: colleagueUser } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  person = await insertPerson(t.db, { fullName: "Kamala Huseynova" });
});
afterAll(async () => {
  await t?.close();
});

/** Logged by the author, assigned to the assignee, due on 10 March. */
async function contactWithFollowUp(subject: string, done = false) {
  return insertContact(t.db, {
    subject,
    occurredAt: new Date("2026-03-01T10:00:00Z"),
    loggedBy: authorUser.id,
    people: [person],
    followUpDue: "2026-03-10",
    followUpAssigneeId: assigneeUser.id,
    followUpNote: "Send the agenda",
    followUpDoneAt: done ? new Date() : null,
  });
}

const followUpOf = async (id: number) => {
  const [row] = await t.db.select().from(interactions).where(eq(interactions.id, id));
  return { due: row?.followUpDue, assigneeId: row?.followUpAssigneeId, version: row?.version };
};

const move = (client: Client, id: number, fields: Record<string, string>) =>
  client.post(`/interactions/${id}/follow-up`, {
    return: `/interactions/${id}#follow-up`,
    followUpDue: "2026-03-20",
    followUpAssigneeId: String(colleagueUser.id),
    ...fields,
  });

describe("reassigning and rescheduling a follow-up", () => {
  it("from the contact's page: saved, audited before and after, and back on the page with a message", async () => {
    const id = await contactWithFollowUp("Moved by its author");
    const page = await (await author.get(`/interactions/${id}`)).text();
    const section = sectionOf(page, "follow-up");
    expect(section).toContain(`action="/interactions/${id}/follow-up"`);
    expect(section).toContain('<label for="follow-up-');
    const response = await move(author, id, {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/interactions/${id}#follow-up`);
    expect(await followUpOf(id)).toEqual({ due: "2026-03-20", assigneeId: colleagueUser.id, version: 2 });
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "interaction.follow_up_move")));
    expect(event?.userId).toBe(authorUser.id);
    expect(event?.before).toMatchObject({ followUpDue: "2026-03-10", followUpAssignee: assigneeUser.name });
    expect(event?.after).toMatchObject({ followUpDue: "2026-03-20", followUpAssignee: colleagueUser.name });
    const after = await (await author.get(`/interactions/${id}`)).text();
    expect(after).toContain("The follow-up of “Moved by its author” is saved.");
    // Now on the new assignee's dashboard, and off the old one's.
    expect(sectionOf(await (await colleague.get("/")).text(), "follow-ups")).toContain("Moved by its author");
    expect(sectionOf(await (await assignee.get("/")).text(), "follow-ups")).not.toContain(
      "Moved by its author",
    );
    const history = await (await author.get(`/interactions/${id}/history`)).text();
    expect(history).toContain("Follow-up reassigned or rescheduled");
  });

  it("from the dashboard: its assignee moves it and is back on the dashboard", async () => {
    const id = await contactWithFollowUp("Moved from the dashboard");
    const dashboard = sectionOf(await (await assignee.get("/")).text(), "follow-ups");
    expect(dashboard).toContain(`action="/interactions/${id}/follow-up"`);
    expect(dashboard).toContain('name="return" value="/#follow-ups"');
    // Each row's "Reassign or reschedule" says whose follow-up it opens, for a screen reader's list of controls.
    expect(dashboard).toMatch(
      /<summary>Reassign or reschedule<span class="visually-hidden">: Moved from the dashboard<\/span><\/summary>/,
    );
    const response = await move(assignee, id, {
      return: "/#follow-ups",
      followUpAssigneeId: String(assigneeUser.id),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/#follow-ups");
    expect(await followUpOf(id)).toMatchObject({ due: "2026-03-20", assigneeId: assigneeUser.id });
  });

  it("may be done by a coordinator, and is refused (403) to staff who neither logged it nor have it", async () => {
    const id = await contactWithFollowUp("Guarded");
    const refused = await move(colleague, id, {});
    expect(refused.status).toBe(403);
    expect(await followUpOf(id)).toMatchObject({ due: "2026-03-10", assigneeId: assigneeUser.id });
    expect(sectionOf(await (await colleague.get(`/interactions/${id}`)).text(), "follow-up")).not.toContain(
      `/interactions/${id}/follow-up"`,
    );
    expect((await move(coordinator, id, {})).status).toBe(303);
    expect(await followUpOf(id)).toMatchObject({ due: "2026-03-20", assigneeId: colleagueUser.id });
  });

  it("comes back (422) on the contact's page with each error beside its field and nothing saved", async () => {
    const id = await contactWithFollowUp("Bad dates");
    const response = await move(author, id, { followUpDue: "2026-02-30" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(
      new RegExp(`id="follow-up-${id}-followUpDue-error">Please enter a date as YYYY-MM-DD\\.`),
    );
    expect(html).toContain('value="2026-02-30"');
    const missing = await (await move(author, id, { followUpDue: "" })).text();
    expect(missing).toMatch(new RegExp(`id="follow-up-${id}-followUpDue-error">Please fill this in\\.`));
    expect(await followUpOf(id)).toMatchObject({ due: "2026-03-10", version: 1 });
  });

  it("sent from the dashboard with an error, the form keeps its way back to the dashboard", async () => {
    const id = await contactWithFollowUp("Bad date from the dashboard");
    const response = await move(assignee, id, { return: "/#follow-ups", followUpDue: "" });
    expect(response.status).toBe(422);
    expect(sectionOf(await response.text(), "follow-up")).toContain('name="return" value="/#follow-ups"');
    const fixed = await move(assignee, id, { return: "/#follow-ups" });
    expect(fixed.headers.get("location")).toBe("/#follow-ups");
  });

  it("refuses a disabled user as the new assignee", async () => {
    const id = await contactWithFollowUp("To a disabled user");
    const gone = await t.createTestUser("staff");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
    const response = await move(author, id, { followUpAssigneeId: String(gone.id) });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/-followUpAssigneeId-error">Please choose one of the options\./);
    expect(await followUpOf(id)).toMatchObject({ assigneeId: assigneeUser.id });
  });

  it("says so when the follow-up was done meanwhile, and changes nothing", async () => {
    const id = await contactWithFollowUp("Done meanwhile", true);
    const response = await move(author, id, {});
    expect(response.status).toBe(303);
    expect(await (await author.get(`/interactions/${id}`)).text()).toContain(
      "That follow-up is no longer open.",
    );
    expect(await followUpOf(id)).toMatchObject({ due: "2026-03-10", assigneeId: assigneeUser.id });
    // With a mistake in the form too (its page no longer shows the form to correct it): the same news, on the
    // dashboard it was sent from.
    const mistaken = await move(assignee, id, { return: "/#follow-ups", followUpDue: "2026-02-30" });
    expect(mistaken.status).toBe(303);
    expect(mistaken.headers.get("location")).toBe("/#follow-ups");
    expect(await (await assignee.get("/")).text()).toContain("That follow-up is no longer open.");
  });

  it("is marked done from the contact's page, back on that page", async () => {
    const id = await contactWithFollowUp("Done from its page");
    const page = sectionOf(await (await assignee.get(`/interactions/${id}`)).text(), "follow-up");
    expect(page).toContain(`action="/interactions/${id}/follow-up/done"`);
    const response = await assignee.post(`/interactions/${id}/follow-up/done`, {
      return: `/interactions/${id}#follow-up`,
    });
    expect(response.headers.get("location")).toBe(`/interactions/${id}#follow-up`);
    expect(await (await assignee.get(`/interactions/${id}`)).text()).toContain("Done on");
  });
});
