/** The page shell, fragments for htmx, error pages, security headers, static files and the body size limit. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicUser } from "../../src/auth/users";
import { auditEvents, users } from "../../src/db/schema";
import { type createClient, createTestApp, type TestApp } from "../helpers/app";

type Client = ReturnType<typeof createClient>;

let t: TestApp;
let admin: { user: PublicUser; client: Client };
beforeAll(async () => {
  t = await createTestApp();
  t.app.get("/boom", () => {
    throw new Error("kaboom: secret internals at /work/main/src/somewhere.ts");
  });
  admin = await t.loginAs("admin");
});
afterAll(async () => {
  await t?.close();
});

const fragment = { "hx-request": "true" };
const boosted = { "hx-request": "true", "hx-boosted": "true" };

describe("every answer", () => {
  it("carries its request id and language, whether a page, a redirect, a static file or plain text", async () => {
    const russian = { "accept-language": "ru" };
    const answers = await Promise.all([
      t.client().get("/login", russian),
      t.client().get("/people", russian),
      t.client().get("/static/app.css", russian),
      t.client().get("/healthz", russian),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 303, 200, 200]);
    for (const answer of answers) {
      expect(answer.headers.get("content-language")).toBe("ru");
      expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}$/);
    }
    expect(await answers[0]?.text()).toContain('lang="ru"');
  });
});

describe("a full page", () => {
  it("has the doctype, the nav with the user's name and role, a sign-out form, htmx and boosting", async () => {
    const response = await admin.client.get("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    const nav = /<nav[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
    expect(nav).toContain(admin.user.name);
    expect(nav).toContain("Administrator");
    expect(nav).toMatch(/<form method="post" action="\/logout">/);
    expect(html).toContain('<script src="/static/htmx.min.js"');
    expect(html).toMatch(/<body hx-boost:inherited="true">/);
  });

  it("sends only the fragment to htmx, and says the answer varies by HX-Request", async () => {
    const response = await admin.client.get("/", fragment);
    expect(response.status).toBe(200);
    expect(response.headers.get("vary")).toMatch(/HX-Request/i);
    const html = await response.text();
    expect(html).not.toContain("<html");
    expect(html).not.toContain("<nav");
    expect(html).toContain(`Welcome, ${admin.user.name}`);
  });

  it("sends the full page to a boosted htmx request", async () => {
    const response = await admin.client.get("/", boosted);
    const html = await response.text();
    expect(html).toContain("<html");
    expect(html).toContain(`Welcome, ${admin.user.name}`);
  });

  it("sends the full page when htmx restores history", async () => {
    const response = await admin.client.get("/", { ...fragment, "hx-history-restore-request": "true" });
    expect(await response.text()).toContain("<html");
  });
});

describe("errors", () => {
  it("answers an unknown address with a 404 page, whole or as a fragment", async () => {
    const full = await admin.client.get("/no-such-page");
    expect(full.status).toBe(404);
    const fullHtml = await full.text();
    expect(fullHtml).toContain("<html");
    expect(fullHtml).toContain("Page not found");

    const part = await admin.client.get("/no-such-page", fragment);
    expect(part.status).toBe(404);
    const partHtml = await part.text();
    expect(partHtml).not.toContain("<html");
    expect(partHtml).toContain("Page not found");
  });

  it("answers a failing handler with a 500 page carrying the request id and no internals", async () => {
    const response = await admin.client.get("/boom");
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain("Something went wrong");
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f]{8}$/);
    expect(html).toContain(`Reference: ${requestId}`);
    expect(html).not.toContain("kaboom");
    expect(html).not.toContain("somewhere.ts");
    expect(html).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe("security headers", () => {
  it("allows scripts from this site only, nothing inline", async () => {
    for (const path of ["/", "/login"]) {
      const policy = (await admin.client.get(path)).headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/(^|;\s*)script-src 'self'(;|$)/);
      expect(policy).not.toContain("unsafe-inline");
      expect(policy).not.toContain("unsafe-eval");
    }
  });
});

describe("static files", () => {
  it("serves the pinned htmx 4.0.1 byte for byte", async () => {
    const require = createRequire(import.meta.url);
    const pinned = require("htmx.org/package.json") as { version: string };
    expect(pinned.version).toBe("4.0.1");
    const response = await t.client().get("/static/htmx.min.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    const served = Buffer.from(await response.arrayBuffer());
    expect(served.equals(readFileSync(require.resolve("htmx.org/dist/htmx.min.js")))).toBe(true);
  });

  it.each([
    "/static/../package.json",
    "/static/%2e%2e/package.json",
    "/static/..%2fpackage.json",
    "/static/nope.js",
    "/static/",
    "/static/constructor",
  ])("answers %s with 404", async (path) => {
    const response = await t.client().get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('"name": "roundtable"');
  });
});

describe("request size", () => {
  it("refuses a body over 1 MB with 413 and stores nothing", async () => {
    const usersBefore = await t.db.$count(users);
    const auditBefore = await t.db.$count(auditEvents);
    const response = await admin.client.post("/admin/users", {
      name: "x".repeat(1024 * 1024 + 1),
      email: "too-big@example.org",
      role: "staff",
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("Too much data");
    expect(await t.db.$count(users)).toBe(usersBefore);
    expect(await t.db.$count(auditEvents)).toBe(auditBefore);
  });

  it("refuses a body announced as over 1 MB by its Content-Length", async () => {
    const usersBefore = await t.db.$count(users);
    const body = new URLSearchParams({
      name: "y".repeat(1024 * 1024 + 1),
      email: "big2@example.org",
      role: "staff",
    });
    const response = await admin.client.request("/admin/users", {
      method: "POST",
      body: body.toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(body.toString().length),
      },
    });
    expect(response.status).toBe(413);
    expect(await t.db.$count(users)).toBe(usersBefore);
  });
});
