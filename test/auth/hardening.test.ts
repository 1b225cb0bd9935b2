/** Edges of signing in and passwords: empty forms, what the audit keeps, dead links, guessing one's current password, HEAD, HSTS. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserToken } from "../../src/auth/user-tokens";
import { auditEvents, loginThrottles, userTokens } from "../../src/db/schema";
import { createTestApp, type TestApp, testPassword } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("an empty sign-in form", () => {
  it("asks for both fields (422) and counts no failure", async () => {
    const response = await t.client().post("/login", { email: "", password: "" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Please enter your email and password.");
    expect(await t.db.select().from(loginThrottles)).toEqual([]);
    const failures = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "auth.login_failed"));
    expect(failures).toEqual([]);
  });
});

describe("the failed sign-in audit", () => {
  it("keeps a typed email but not a password typed into the email field", async () => {
    const client = t.client();
    await client.post("/login", { email: "Someone@Example.org", password: "whatever it is" });
    await client.post("/login", { email: "my secret passphrase", password: "x" });
    const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "auth.login_failed"));
    const text = JSON.stringify(rows);
    expect(text).toContain("someone@example.org");
    expect(text).not.toContain("my secret passphrase");
  });
});

describe("the client address behind a proxy", () => {
  it("is the address the proxy added, not one the client wrote into X-Forwarded-For", async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      for (let i = 1; i <= 5; i++) {
        const spoofed = { "x-forwarded-for": `198.51.100.${i}, 203.0.113.7` };
        await proxied.client().post("/login", { email: `guess${i}@example.org`, password: "wrong" }, spoofed);
      }
      const keys = (await proxied.db.select().from(loginThrottles)).map((row) => row.key);
      expect(keys).toContain("ip:203.0.113.7");
      expect(keys.filter((key) => key.startsWith("ip:198.51.100."))).toEqual([]);
    } finally {
      await proxied.close();
    }
  });
});

describe("a dead set-password link", () => {
  it("says the link is unusable (410) even when the new password is also weak", async () => {
    const user = await t.createTestUser("staff");
    const token = await createUserToken(t.db, user.id, "password_reset", null);
    await t.db
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userTokens.userId, user.id));
    const response = await t
      .client()
      .post("/set-password", { token, password: "short", passwordConfirm: "short" });
    expect(response.status).toBe(410);
    expect(await response.text()).toContain("This link can no longer be used");
  });
});

describe("guessing one's current password", () => {
  it("is throttled after five wrong tries, and then even the right one waits", async () => {
    const { client } = await t.loginAs("staff");
    const change = (currentPassword: string) =>
      client.post("/account/password", {
        currentPassword,
        password: "another long pass phrase",
        passwordConfirm: "another long pass phrase",
      });
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await (await change(`wrong guess ${attempt}`)).text()).toContain(
        "This is not your current password.",
      );
    }
    const response = await change(testPassword);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Too many wrong attempts.");
  });
});

describe("HEAD requests and transport headers", () => {
  it("sends a signed-out HEAD to the sign-in page like a GET", async () => {
    const response = await t.app.request("http://localhost:3000/admin/users", { method: "HEAD" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?next=%2Fadmin%2Fusers");
  });

  it("sends Strict-Transport-Security only when served over https", async () => {
    expect((await t.client().get("/login")).headers.get("strict-transport-security")).toBeNull();
    const secure = await createTestApp({ secureCookies: true, publicUrl: "https://crm.example.org" });
    try {
      const response = await secure.app.request("https://crm.example.org/login");
      expect(response.headers.get("strict-transport-security")).toContain("max-age=");
    } finally {
      await secure.close();
    }
  });
});
