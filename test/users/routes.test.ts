/** /admin/users: the list, invitations, role changes, disabling and enabling, and the last-administrator guard. */
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "../../src/auth/users";
import { auditEvents, sessions, users } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp, testPassword } from "../helpers/app";
import { expectSignedOut } from "../helpers/auth";

let t: TestApp;
let me: PublicUser;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ user: me, client: admin } = await t.loginAs("admin"));
});
afterAll(async () => {
  await t?.close();
});

async function userRow(id: number) {
  const [row] = await t.db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error(`no user ${id}`);
  return row;
}

function auditOf(action: string, entityId: number) {
  return t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId)));
}

/** Follows a Post/Redirect/Get and returns the flash message shown on the next page. */
async function flashAfter(response: Response): Promise<string | undefined> {
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/admin/users");
  const html = await (await admin.get("/admin/users")).text();
  return /<p class="flash">([^<]*)<\/p>/.exec(html)?.[1];
}

function rowOf(html: string, id: number): string {
  const row = new RegExp(`<tr id="user-${id}">[\\s\\S]*?</tr>`).exec(html)?.[0];
  if (!row) throw new Error(`no row for user ${id}`);
  return row;
}

describe("the user list", () => {
  it("shows every user with email, role and status", async () => {
    const other = await t.createTestUser("coordinator", { name: "Zaur Həsənov", email: "zaur@example.org" });
    const response = await admin.get("/admin/users");
    expect(response.status).toBe(200);
    const html = await response.text();
    const row = rowOf(html, other.id);
    expect(row).toContain("Zaur Həsənov");
    expect(row).toContain("zaur@example.org");
    expect(row).toMatch(/<option value="coordinator" selected="">/);
    expect(row).toContain("Active");
    expect(rowOf(html, me.id)).toContain(me.email);
  });
});

describe("inviting", () => {
  it("refuses an email that already has an account in another case (422) and keeps what was typed", async () => {
    await t.createTestUser("staff", { email: "kamala@example.org" });
    const response = await admin.post("/admin/users", {
      name: "Kamala Again",
      email: "KAMALA@Example.ORG",
      role: "staff",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/There is already a user with this email\./);
    expect(html).toContain('value="Kamala Again"');
    const matches = await t.db
      .select()
      .from(users)
      .where(eq(sql`lower(${users.email})`, "kamala@example.org"));
    expect(matches).toHaveLength(1);
  });
});

describe("changing a role", () => {
  it("changes the row, records before and after, and the user sees the new role at once", async () => {
    const { user, client } = await t.loginAs("staff");
    const response = await admin.post(`/admin/users/${user.id}/role`, { role: "manager" });
    expect(await flashAfter(response)).toBe(`Saved the changes to ${user.name}.`);
    expect((await userRow(user.id)).role).toBe("manager");

    const [event] = await auditOf("user.role_change", user.id);
    expect(event?.userId).toBe(me.id);
    expect(event?.before).toEqual({ role: "staff" });
    expect(event?.after).toEqual({ role: "manager" });

    expect(await (await client.get("/")).text()).toContain("Manager");
  });

  it("refuses a role that does not exist and leaves the row alone", async () => {
    const user = await t.createTestUser("staff");
    const response = await admin.post(`/admin/users/${user.id}/role`, { role: "superuser" });
    expect(await flashAfter(response)).toBe("Please choose one of the options.");
    expect((await userRow(user.id)).role).toBe("staff");
    expect(await auditOf("user.role_change", user.id)).toHaveLength(0);
  });
});

describe("disabling and enabling", () => {
  it("disabling ends the user's sessions at once and is audited; enabling lets them back in", async () => {
    const { user, client } = await t.loginAs("staff");
    expect((await client.get("/")).status).toBe(200);

    const disabled = await admin.post(`/admin/users/${user.id}/disable`);
    expect(await flashAfter(disabled)).toBe(`Saved the changes to ${user.name}.`);
    expect((await userRow(user.id)).disabledAt).not.toBeNull();
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    await expectSignedOut(client);
    const [event] = await auditOf("user.disable", user.id);
    expect(event?.userId).toBe(me.id);
    expect(rowOf(await (await admin.get("/admin/users")).text(), user.id)).toContain("Disabled");
    const refused = await t.client().post("/login", { email: user.email, password: testPassword });
    expect(refused.status).toBe(401);

    const enabled = await admin.post(`/admin/users/${user.id}/enable`);
    expect(await flashAfter(enabled)).toBe(`Saved the changes to ${user.name}.`);
    expect((await userRow(user.id)).disabledAt).toBeNull();
    expect(await auditOf("user.enable", user.id)).toHaveLength(1);
    const back = await t.client().post("/login", { email: user.email, password: testPassword });
    expect(back.status).toBe(303);
  });
});

describe("an account disabled outside the app", () => {
  it("loses its open session on the next request", async () => {
    const { user, client } = await t.loginAs("coordinator");
    // As the command line or a database fix would do it: no session cleanup.
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    await expectSignedOut(client);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
  });
});

describe("unknown users", () => {
  const ids = ["abc", "1.5", "-1", "0", "999999", "99999999999"];
  const actions = ["role", "disable", "enable", "reset-link"];

  it.each(ids)("answers 404 for id %s on every action and changes nothing", async (id) => {
    const before = await t.db.$count(auditEvents);
    for (const action of actions) {
      const response = await admin.post(`/admin/users/${id}/${action}`, { role: "staff" });
      expect(response.status, `${action} ${id}`).toBe(404);
      expect(await response.text()).toContain("Page not found");
    }
    expect(await t.db.$count(auditEvents)).toBe(before);
  });
});

describe("the last active administrator", () => {
  async function activeAdmins() {
    return t.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
  }

  it("cannot be demoted, even with a disabled administrator around", async () => {
    const dormant = await t.createTestUser("admin");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, dormant.id));
    expect(await activeAdmins()).toEqual([{ id: me.id }]);

    const response = await admin.post(`/admin/users/${me.id}/role`, { role: "staff" });
    expect(await flashAfter(response)).toBe(
      "This is the last active administrator; make someone else an administrator first.",
    );
    expect((await userRow(me.id)).role).toBe("admin");
    expect(await auditOf("user.role_change", me.id)).toHaveLength(0);
  });

  it("cannot disable themselves", async () => {
    const response = await admin.post(`/admin/users/${me.id}/disable`);
    expect(await flashAfter(response)).toBe("You cannot disable your own account.");
    expect((await userRow(me.id)).disabledAt).toBeNull();
    expect((await admin.get("/admin/users")).status).toBe(200);
  });

  it("can demote another administrator while one remains", async () => {
    const other = await t.createTestUser("admin");
    const response = await admin.post(`/admin/users/${other.id}/role`, { role: "coordinator" });
    expect(await flashAfter(response)).toBe(`Saved the changes to ${other.name}.`);
    expect((await userRow(other.id)).role).toBe("coordinator");
    expect(await activeAdmins()).toEqual([{ id: me.id }]);
  });

  it("survives two administrators demoting each other at the same moment", async () => {
    const { user: second, client: secondClient } = await t.loginAs("admin");
    const [first, other] = await Promise.all([
      admin.post(`/admin/users/${second.id}/role`, { role: "staff" }),
      secondClient.post(`/admin/users/${me.id}/role`, { role: "staff" }),
    ]);
    expect([first.status, other.status]).toEqual([303, 303]);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
