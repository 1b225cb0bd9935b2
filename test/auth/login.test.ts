/** Signing in and out: the form, sessions and cookies, throttling, forgotten failures, and what the audit log keeps. */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashToken } from "../../src/auth/tokens";
import { auditEvents, loginThrottles, sessions, users } from "../../src/db/schema";
import { createTestApp, type TestApp, testOrigin, testPassword } from "../helpers/app";
import {
  expectAuditWithoutPasswords,
  expectSignedOut,
  formError,
  sessionCookieHeader,
  sessionsOf,
  signIn,
} from "../helpers/auth";

let t: TestApp;
beforeAll(async () => {
  // TRUST_PROXY on, so each test that fails sign-ins can do so from its own address.
  t = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await t?.close();
});

describe("signing in", () => {
  it("shows email and password fields with labels tied to them", async () => {
    const response = await t.client().get("/login");
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const name of ["email", "password"]) {
      const id = new RegExp(`<input id="([^"]+)" name="${name}"`).exec(html)?.[1];
      expect(id, `input named ${name}`).toBeDefined();
      expect(html).toContain(`<label for="${id}">`);
    }
  });

  it("signs in with the right password: 303 to /, an HttpOnly SameSite=Lax cookie, the dashboard greets the user", async () => {
    const user = await t.createTestUser("staff", { name: "Leyla Aliyeva" });
    const client = t.client();
    const response = await signIn(client, user.email, testPassword);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cookie = sessionCookieHeader(response);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await client.get("/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Leyla Aliyeva");
  });

  it("follows a local next path and never an off-site one", async () => {
    const user = await t.createTestUser("staff");
    const client = t.client();
    const local = await signIn(client, user.email, testPassword, { next: "/account?from=mail" });
    expect(local.headers.get("location")).toBe("/account?from=mail");

    const offSite = await signIn(t.client(), user.email, testPassword, { next: "//evil.example" });
    expect(offSite.status).toBe(303);
    expect(new URL(offSite.headers.get("location") ?? "", testOrigin).origin).toBe(testOrigin);

    // Signed in, /login forwards to `next` straight away: the same rule applies.
    const tricks = [
      "//evil.example",
      "https://evil.example/",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
    ];
    for (const next of tricks) {
      const response = await client.get(`/login?next=${encodeURIComponent(next)}`);
      expect(response.status, JSON.stringify(next)).toBe(303);
      const location = response.headers.get("location") ?? "";
      expect(new URL(location, testOrigin).origin, JSON.stringify(next)).toBe(testOrigin);
    }
  });

  it("answers an unknown email and a wrong password alike: 401, the same message, no cookie", async () => {
    const user = await t.createTestUser("staff");
    const unknown = await signIn(t.client(), "nobody-here@example.org", testPassword);
    const wrong = await signIn(t.client(), user.email, "not the password at all");
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const unknownMessage = formError(await unknown.text());
    expect(unknownMessage).toBe("The email or password is not right.");
    expect(formError(await wrong.text())).toBe(unknownMessage);
    expect(sessionCookieHeader(unknown)).toBeUndefined();
    expect(sessionCookieHeader(wrong)).toBeUndefined();
    expect(await sessionsOf(t.db, user.id)).toHaveLength(0);
  });

  it("refuses a disabled user even with the right password", async () => {
    const user = await t.createTestUser("manager");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const client = t.client();
    const response = await signIn(client, user.email, testPassword);
    expect(response.status).toBe(401);
    expect(formError(await response.text())).toBe("The email or password is not right.");
    expect(await sessionsOf(t.db, user.id)).toHaveLength(0);
    await expectSignedOut(client);
  });

  it("starts a new session on every sign-in, replacing a cookie planted beforehand", async () => {
    const user = await t.createTestUser("staff");
    const client = t.client();
    client.cookies.set("roundtable_session", "planted-by-someone-else");
    await signIn(client, user.email, testPassword);
    const first = client.cookies.get("roundtable_session");
    expect(first).toBeDefined();
    expect(first).not.toBe("planted-by-someone-else");

    await signIn(client, user.email, testPassword);
    const second = client.cookies.get("roundtable_session");
    expect(second).not.toBe(first);
    const rows = await sessionsOf(t.db, user.id);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.id).sort()).toEqual(
      [hashToken(first ?? ""), hashToken(second ?? "")].sort(),
    );
  });
});

describe("sign-in throttling", () => {
  // Date stands still, so the one-second lock after the fifth failure cannot run out between two requests.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("locks an account after 5 failures: the 6th attempt gets 429 with Retry-After, even with the right password", async () => {
    const user = await t.createTestUser("staff");
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signIn(t.client(), user.email, `wrong guess number ${attempt}`);
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const sixth = await signIn(t.client(), user.email, testPassword);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(formError(await sixth.text())).toMatch(/^Too many attempts/);
    expect(sessionCookieHeader(sixth)).toBeUndefined();
    expect(await sessionsOf(t.db, user.id)).toHaveLength(0);
  });

  it("throttles one address failing across many emails, and not other addresses", async () => {
    const user = await t.createTestUser("staff");
    const ip = "203.0.113.77";
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await t
        .client()
        .post(
          "/login",
          { email: `guess${attempt}@example.org`, password: testPassword },
          { "x-forwarded-for": ip },
        );
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const fromSameIp = await t
      .client()
      .post("/login", { email: user.email, password: testPassword }, { "x-forwarded-for": ip });
    expect(fromSameIp.status).toBe(429);
    expect(Number(fromSameIp.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await sessionsOf(t.db, user.id)).toHaveLength(0);

    const fromElsewhere = await signIn(t.client(), user.email, testPassword);
    expect(fromElsewhere.status).toBe(303);
  });
});

describe("forgotten sign-in failures", () => {
  it("forgets failures older than an hour: one more mistake does not lock the account", async () => {
    const user = await t.createTestUser("staff");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await t.db.insert(loginThrottles).values({
      key: `account:${user.email}`,
      failures: 9,
      lockedUntil: twoHoursAgo,
      lastFailureAt: twoHoursAgo,
    });
    expect((await signIn(t.client(), user.email, "an old mistake again")).status).toBe(401);
    const [row] = await t.db
      .select()
      .from(loginThrottles)
      .where(eq(loginThrottles.key, `account:${user.email}`));
    expect(row?.failures).toBe(1);
    expect((await signIn(t.client(), user.email, testPassword)).status).toBe(303);
  });
});

describe("signing out", () => {
  it("ends the session: the row is gone and the old cookie no longer reaches the dashboard", async () => {
    const { user, client } = await t.loginAs("staff");
    const token = client.cookies.get("roundtable_session") ?? "";
    expect(await sessionsOf(t.db, user.id)).toHaveLength(1);

    const response = await client.post("/logout");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login");
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, hashToken(token))),
    ).toHaveLength(0);

    const replay = t.client();
    replay.cookies.set("roundtable_session", token);
    await expectSignedOut(replay);
  });
});

describe("audit", () => {
  it("records sign-ins and failures, and no password anywhere", async () => {
    const user = await t.createTestUser("staff");
    await signIn(t.client(), user.email, "wrong for the audit");
    await signIn(t.client(), user.email, testPassword);
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
    const actions = rows.map((row) => row.action);
    expect(actions).toContain("auth.login_failed");
    expect(actions).toContain("auth.login");
    expect(rows.find((row) => row.action === "auth.login")?.userId).toBe(user.id);

    // Runs last in this file: every password sent by any test above is checked.
    await expectAuditWithoutPasswords(t.db, ["auth.login", "auth.login_failed"], 6);
  });
});
