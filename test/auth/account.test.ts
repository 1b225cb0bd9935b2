/** One's own account: changing the password, and the language (also for visitors who are not signed in). */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema";
import { createTestApp, type TestApp, testOrigin, testPassword } from "../helpers/app";
import {
  expectAuditWithoutPasswords,
  expectSignedOut,
  fieldBlock,
  newPassword,
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

describe("one's own password", () => {
  it("refuses a wrong current password with the message beside it (422) and changes nothing", async () => {
    const { user, client } = await t.loginAs("staff");
    const [before] = await t.db.select().from(users).where(eq(users.id, user.id));
    const response = await client.post("/account/password", {
      currentPassword: "not my password",
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(response.status).toBe(422);
    expect(fieldBlock(await response.text(), "currentPassword")).toContain(
      "This is not your current password.",
    );
    const [after] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(after?.passwordHash).toBe(before?.passwordHash);
  });

  it("changes it with the right current password: new one works, old one not, other sessions end, this one stays", async () => {
    const { user, client: here } = await t.loginAs("staff");
    const elsewhere = t.client();
    expect((await signIn(elsewhere, user.email, testPassword)).status).toBe(303);

    const response = await here.post("/account/password", {
      currentPassword: testPassword,
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account");
    expect((await here.get("/account")).status).toBe(200);
    await expectSignedOut(elsewhere);

    expect((await signIn(t.client(), user.email, testPassword)).status).toBe(401);
    expect((await signIn(t.client(), user.email, newPassword)).status).toBe(303);
  });
});

describe("language", () => {
  it("switches a signed-in user to Russian and remembers it on the account", async () => {
    const { user, client } = await t.loginAs("staff");
    const response = await client.post("/locale", { locale: "ru" }, { referer: `${testOrigin}/account` });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account");
    const html = await (await client.get("/")).text();
    expect(html).toContain('<html lang="ru"');
    expect(html).toContain("Главная");
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.locale).toBe("ru");
  });

  it("returns to the page the switch was pressed on, but never off the site", async () => {
    const client = t.client();
    // "//evil.example" is this site's 404 page, which has the language switcher too.
    const notFound = await client.get("//evil.example");
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).toContain('action="/locale"');
    const response = await client.post(
      "/locale",
      { locale: "az" },
      { referer: `${testOrigin}//evil.example` },
    );
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location") ?? "", testOrigin).origin).toBe(testOrigin);
  });

  it("switches a signed-out visitor by cookie", async () => {
    const client = t.client();
    await client.post("/locale", { locale: "ru" });
    const html = await (await client.get("/login")).text();
    expect(html).toContain('<html lang="ru"');
    expect(html).toContain("Вход");
  });

  it("follows Accept-Language when signed out", async () => {
    const response = await t.client().get("/login", { "accept-language": "az" });
    const html = await response.text();
    expect(html).toContain('<html lang="az"');
    expect(html).toContain("Giriş");
    expect(html).not.toContain("Sign in");
  });
});

describe("audit", () => {
  it("records the password and language changes, and none of the passwords typed", async () => {
    // Runs last in this file: every password sent by the tests above is checked.
    await expectAuditWithoutPasswords(t.db, ["user.password_change", "user.locale"], 3);
  });
});
