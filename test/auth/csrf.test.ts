/** Cross-site request refusal: a state-changing request another site makes the browser send changes nothing. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp, testOrigin } from "../helpers/app";
import { freshIp, rawPost } from "../helpers/auth";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
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
      (email) =>
        rawPost(t, admin, "/admin/users", invite(email), { ...form, origin: "https://evil.example" }),
    ],
    [
      "Sec-Fetch-Site: cross-site",
      (email) =>
        rawPost(t, admin, "/admin/users", invite(email), {
          ...form,
          "sec-fetch-site": "cross-site",
          origin: testOrigin,
        }),
    ],
    [
      "Sec-Fetch-Site: same-site (a sibling subdomain)",
      (email) =>
        rawPost(t, admin, "/admin/users", invite(email), {
          ...form,
          "sec-fetch-site": "same-site",
          origin: "http://other.localhost:3000",
        }),
    ],
    ["neither Origin nor Sec-Fetch-Site", (email) => rawPost(t, admin, "/admin/users", invite(email), form)],
    [
      "a JSON body from another site",
      (email) =>
        rawPost(t, admin, "/admin/users", JSON.stringify({ name: "Cross Site", email, role: "admin" }), {
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
    const response = await rawPost(t, admin, "/logout", "", {
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
