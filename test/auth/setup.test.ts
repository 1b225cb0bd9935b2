/** First-run setup: the printed token opens a form that creates the first administrator, once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSetupToken } from "../../src/auth/user-tokens";
import { users } from "../../src/db/schema";
import { createTestApp, type TestApp } from "../helpers/app";
import { expectAuditWithoutPasswords, fieldBlock, newPassword } from "../helpers/auth";

describe("first-run setup", () => {
  let s: TestApp;
  let token: string;
  const client = () => s.client();
  beforeAll(async () => {
    s = await createTestApp();
    token = await createSetupToken(s.db);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("hides the setup page without the right token", async () => {
    expect(await s.db.$count(users)).toBe(0);
    expect((await client().get("/setup")).status).toBe(404);
    expect((await client().get("/setup?token=not-the-token")).status).toBe(404);
    const post = await client().post("/setup", {
      token: "not-the-token",
      name: "Intruder",
      email: "intruder@example.org",
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(post.status).toBe(404);
    expect(await s.db.$count(users)).toBe(0);
  });

  it("shows the form with the printed token", async () => {
    const response = await client().get(`/setup?token=${token}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`name="token" value="${token}"`);
    expect(html).toContain('action="/setup"');
  });

  it("keeps what was typed and puts each error beside its field (422)", async () => {
    const response = await client().post("/setup", {
      token,
      name: "Aysel Məmmədova",
      email: "aysel-at-example.org",
      password: "Sh0rt!",
      passwordConfirm: "Sh0rt!",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldBlock(html, "name")).toContain('value="Aysel Məmmədova"');
    expect(fieldBlock(html, "email")).toContain('value="aysel-at-example.org"');
    expect(fieldBlock(html, "email")).toContain("Please enter an email address like name@example.org.");
    expect(fieldBlock(html, "password")).toContain("The password must have at least 10 characters.");
    expect(fieldBlock(html, "name")).not.toContain('class="error"');
    expect(await s.db.$count(users)).toBe(0);
  });

  it("creates the first administrator, signs them in, and then never opens again", async () => {
    const admin = client();
    const response = await admin.post("/setup", {
      token,
      name: "Aysel Məmmədova",
      email: "Aysel@Example.org",
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const rows = await s.db.select().from(users);
    expect(rows.map((row) => [row.email, row.role])).toEqual([["aysel@example.org", "admin"]]);

    const home = await admin.get("/");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Aysel Məmmədova");
    expect(html).toContain("Administrator");

    expect((await client().get(`/setup?token=${token}`)).status).toBe(404);
    expect((await client().get("/setup")).status).toBe(404);
    const again = await client().post("/setup", {
      token,
      name: "Second",
      email: "second@example.org",
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(again.status).toBe(404);
    expect(await s.db.$count(users)).toBe(1);
  });

  it("keeps the used token dead even when no active administrator is left", async () => {
    await s.db.update(users).set({ disabledAt: new Date() });
    expect((await client().get(`/setup?token=${token}`)).status).toBe(404);
  });

  it("records the new administrator in the audit log, and none of the passwords typed", async () => {
    // Runs last in this file: the passwords of every setup form above are checked.
    await expectAuditWithoutPasswords(s.db, ["user.create"], 2);
  });
});
