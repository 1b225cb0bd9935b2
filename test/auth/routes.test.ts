/** Signing in and out, throttling, CSRF refusal, first-run setup, one-time links, one's own password, the language. */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashToken } from "../../src/auth/tokens";
import { createSetupToken } from "../../src/auth/user-tokens";
import { auditEvents, loginThrottles, sessions, users, userTokens } from "../../src/db/schema";
import { type createClient, createTestApp, type TestApp, testOrigin, testPassword } from "../helpers/app";

type Client = ReturnType<typeof createClient>;

let t: TestApp;
beforeAll(async () => {
  // TRUST_PROXY on, so each test that fails sign-ins can do so from its own address.
  t = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await t?.close();
});

/** Every password this file sends; the audit test at the end proves none of them was recorded. */
const passwordsSent = new Set<string>([testPassword]);
const newPassword = "a brand new pass phrase";

let addresses = 0;
/** A client address not used before, so failures in one test never throttle another. */
function freshIp(): string {
  addresses += 1;
  return `10.0.${Math.floor(addresses / 250)}.${addresses % 250}`;
}

function signIn(client: Client, email: string, password: string, fields: Record<string, string> = {}) {
  passwordsSent.add(password);
  return client.post("/login", { email, password, ...fields }, { "x-forwarded-for": freshIp() });
}

function sessionCookieHeader(response: Response): string | undefined {
  return response.headers.getSetCookie().find((header) => header.startsWith("roundtable_session="));
}

function sessionsOf(userId: number) {
  return t.db.select().from(sessions).where(eq(sessions.userId, userId));
}

/** The form-level message (role="alert"), e.g. "wrong email or password". */
function formError(html: string): string | undefined {
  return /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
}

/** The markup of one form field: its label, input and the error shown beside it. */
function fieldBlock(html: string, name: string): string {
  const blocks = html.match(/<div class="field[^"]*">[\s\S]*?<\/div>/g) ?? [];
  const block = blocks.find((candidate) => candidate.includes(`id="field-${name}"`));
  if (!block) throw new Error(`no field ${name} on the page`);
  return block;
}

/** A client carrying another client's cookies and nothing else: no Origin, no Sec-Fetch-Site unless given. */
async function rawPost(from: Client, path: string, body: BodyInit, headers: Record<string, string>) {
  const cookie = [...from.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  return t.app.request(`${testOrigin}${path}`, { method: "POST", body, headers: { cookie, ...headers } });
}

async function expectSignedOut(client: Client) {
  const response = await client.get("/");
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toMatch(/^\/login/);
}

function linkToken(html: string): string {
  const token = /\/set-password\?token=([a-z0-9]+)/.exec(html)?.[1];
  if (!token) throw new Error("no set-password link on the page");
  return token;
}

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
    expect(await sessionsOf(user.id)).toHaveLength(0);
  });

  it("refuses a disabled user even with the right password", async () => {
    const user = await t.createTestUser("manager");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const client = t.client();
    const response = await signIn(client, user.email, testPassword);
    expect(response.status).toBe(401);
    expect(formError(await response.text())).toBe("The email or password is not right.");
    expect(await sessionsOf(user.id)).toHaveLength(0);
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
    const rows = await sessionsOf(user.id);
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
    expect(await sessionsOf(user.id)).toHaveLength(0);
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
    expect(await sessionsOf(user.id)).toHaveLength(0);

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
    expect(await sessionsOf(user.id)).toHaveLength(1);

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

describe("cross-site request refusal", () => {
  let admin: Client;
  beforeAll(async () => {
    ({ client: admin } = await t.loginAs("admin"));
  });

  const invite = (email: string) => new URLSearchParams({ name: "Cross Site", email, role: "admin" });
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const refused: [string, (email: string) => Promise<Response>][] = [
    [
      "Origin of another site",
      (email) => rawPost(admin, "/admin/users", invite(email), { ...form, origin: "https://evil.example" }),
    ],
    [
      "Sec-Fetch-Site: cross-site",
      (email) =>
        rawPost(admin, "/admin/users", invite(email), {
          ...form,
          "sec-fetch-site": "cross-site",
          origin: testOrigin,
        }),
    ],
    [
      "Sec-Fetch-Site: same-site (a sibling subdomain)",
      (email) =>
        rawPost(admin, "/admin/users", invite(email), {
          ...form,
          "sec-fetch-site": "same-site",
          origin: "http://other.localhost:3000",
        }),
    ],
    ["neither Origin nor Sec-Fetch-Site", (email) => rawPost(admin, "/admin/users", invite(email), form)],
    [
      "a JSON body from another site",
      (email) =>
        rawPost(admin, "/admin/users", JSON.stringify({ name: "Cross Site", email, role: "admin" }), {
          "content-type": "application/json",
          "sec-fetch-site": "cross-site",
          origin: "https://evil.example",
        }),
    ],
  ];

  it.each(refused)("refuses a POST with %s (403) and creates no user", async (_label, send) => {
    const email = `csrf-${freshIp()}@example.org`;
    const response = await send(email);
    expect(response.status).toBe(403);
    expect(await t.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it("does not sign the user out on a cross-site POST /logout", async () => {
    const response = await rawPost(admin, "/logout", "", {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(response.status).toBe(403);
    expect((await admin.get("/")).status).toBe(200);
  });

  it("accepts the same POST from the app's own pages", async () => {
    const response = await admin.post("/admin/users", {
      name: "Same Site",
      email: "same-site@example.org",
      role: "staff",
    });
    expect(response.status).toBe(201);
    expect(await t.db.select().from(users).where(eq(users.email, "same-site@example.org"))).toHaveLength(1);
  });
});

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
    passwordsSent.add("Sh0rt!");
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
    passwordsSent.add(newPassword);
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

    passwordsSent.add("Sh0rt!");
    const weak = await invited.post("/set-password", {
      token,
      password: "Sh0rt!",
      passwordConfirm: "Sh0rt!",
    });
    expect(weak.status).toBe(422);
    expect(fieldBlock(await weak.text(), "password")).toContain("at least 10 characters");
    passwordsSent.add("0123456789");
    const common = await invited.post("/set-password", {
      token,
      password: "0123456789",
      passwordConfirm: "0123456789",
    });
    expect(common.status).toBe(422);
    expect(fieldBlock(await common.text(), "password")).toContain("most common");

    passwordsSent.add(newPassword);
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
    passwordsSent.add("someone else's password");
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
    passwordsSent.add(resetPassword);
    const saved = await after.post("/set-password", {
      token,
      password: resetPassword,
      passwordConfirm: resetPassword,
    });
    expect(saved.status).toBe(303);
    expect((await after.get("/")).status).toBe(200);
    await expectSignedOut(before);
    expect(await sessionsOf(user.id)).toHaveLength(1);

    expect((await t.client().get(`/set-password?token=${token}`)).status).toBe(410);
    expect((await signIn(t.client(), user.email, resetPassword)).status).toBe(303);
  });
});

describe("one's own password", () => {
  it("refuses a wrong current password with the message beside it (422) and changes nothing", async () => {
    const { user, client } = await t.loginAs("staff");
    const [before] = await t.db.select().from(users).where(eq(users.id, user.id));
    passwordsSent.add("not my password");
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

    passwordsSent.add(newPassword);
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
    const everything = JSON.stringify(await t.db.select().from(auditEvents));
    expect(passwordsSent.size).toBeGreaterThan(5);
    for (const password of passwordsSent) expect(everything).not.toContain(password);
    expect(everything).not.toContain("$argon2");
  });
});
