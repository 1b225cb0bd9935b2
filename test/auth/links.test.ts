/** Invite and reset links: each sets a password once, then is dead; an expired link or a disabled account's sets none. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/auth/tokens";
import { users, userTokens } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  expectAuditWithoutPasswords,
  expectSignedOut,
  fieldBlock,
  linkToken,
  newPassword,
  sessionsOf,
  signIn,
} from "../helpers/auth";

let t: TestApp;
beforeAll(async () => {
  // TRUST_PROXY on, so the sign-ins here come from fresh addresses like in the other sign-in tests.
  t = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await t?.close();
});

describe("invite and reset links", () => {
  let admin: Client;
  beforeAll(async () => {
    ({ client: admin } = await t.loginAs("admin"));
  });

  async function invite(name: string, email: string, role: string): Promise<string> {
    const response = await admin.post("/admin/users", { name, email, role });
    expect(response.status).toBe(201);
    return linkToken(await response.text());
  }

  it("lets an invited user choose a password once and signs them in with their role", async () => {
    const token = await invite("Nino Beridze", "nino@example.org", "coordinator");
    const invited = t.client();
    const page = await invited.get(`/set-password?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("nino@example.org");

    const weak = await invited.post("/set-password", {
      token,
      password: "Sh0rt!",
      passwordConfirm: "Sh0rt!",
    });
    expect(weak.status).toBe(422);
    expect(fieldBlock(await weak.text(), "password")).toContain("at least 10 characters");
    const common = await invited.post("/set-password", {
      token,
      password: "0123456789",
      passwordConfirm: "0123456789",
    });
    expect(common.status).toBe(422);
    expect(fieldBlock(await common.text(), "password")).toContain("most common");

    const saved = await invited.post("/set-password", {
      token,
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/");
    const home = await invited.get("/");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Nino Beridze");
    expect(html).toContain("Coordinator");

    expect((await t.client().get(`/set-password?token=${token}`)).status).toBe(410);
    const reuse = await t.client().post("/set-password", {
      token,
      password: "someone else's password",
      passwordConfirm: "someone else's password",
    });
    expect(reuse.status).toBe(410);
  });

  it("refuses an expired link (410) and sets no password", async () => {
    const token = await invite("Gia Kapanadze", "gia@example.org", "staff");
    await t.db
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(userTokens.id, hashToken(token)));
    expect((await t.client().get(`/set-password?token=${token}`)).status).toBe(410);
    const post = await t
      .client()
      .post("/set-password", { token, password: newPassword, passwordConfirm: newPassword });
    expect(post.status).toBe(410);
    const [row] = await t.db.select().from(users).where(eq(users.email, "gia@example.org"));
    expect(row?.passwordHash).toBeNull();
  });

  it("sets no password through the link of a disabled account, even after it is enabled again", async () => {
    const token = await invite("Tamar Lomidze", "tamar@example.org", "staff");
    const [invited] = await t.db.select().from(users).where(eq(users.email, "tamar@example.org"));
    const id = invited?.id ?? 0;
    expect((await admin.post(`/admin/users/${id}/disable`)).status).toBe(303);
    const post = await t
      .client()
      .post("/set-password", { token, password: newPassword, passwordConfirm: newPassword });
    expect(post.status).toBe(410);
    expect((await admin.post(`/admin/users/${id}/enable`)).status).toBe(303);
    const [row] = await t.db.select().from(users).where(eq(users.id, id));
    expect(row?.passwordHash).toBeNull();
    expect((await signIn(t.client(), "tamar@example.org", newPassword)).status).toBe(401);
  });

  it("a reset link works once and signs the user out everywhere else", async () => {
    const { user, client: before } = await t.loginAs("staff");
    const response = await admin.post(`/admin/users/${user.id}/reset-link`);
    expect(response.status).toBe(201);
    const token = linkToken(await response.text());

    const after = t.client();
    const resetPassword = "reset pass phrase words";
    const saved = await after.post("/set-password", {
      token,
      password: resetPassword,
      passwordConfirm: resetPassword,
    });
    expect(saved.status).toBe(303);
    expect((await after.get("/")).status).toBe(200);
    await expectSignedOut(before);
    expect(await sessionsOf(t.db, user.id)).toHaveLength(1);

    expect((await t.client().get(`/set-password?token=${token}`)).status).toBe(410);
    expect((await signIn(t.client(), user.email, resetPassword)).status).toBe(303);
  });

  it("records the links and the passwords set through them in the audit log, but no password", async () => {
    // Runs last in this file: every password typed into a link's form above is checked.
    await expectAuditWithoutPasswords(
      t.db,
      ["user.create", "user.reset_link", "user.password_set.invite", "user.password_set.password_reset"],
      5,
    );
  });
});
