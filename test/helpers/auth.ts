/** For the sign-in, setup, link and account tests: signing in from fresh addresses, reading forms, checking the audit log. */
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "../../src/db/client";
import { auditEvents, sessions } from "../../src/db/schema";
import { type Client, postedPasswords, type TestApp, testOrigin } from "./app";

export const newPassword = "a brand new pass phrase";

let addresses = 0;
/** A client address not used before, so failures in one test never throttle another (needs TRUST_PROXY on). */
export function freshIp(): string {
  addresses += 1;
  return `10.0.${Math.floor(addresses / 250)}.${addresses % 250}`;
}

/** POST /login from a fresh address. */
export function signIn(client: Client, email: string, password: string, fields: Record<string, string> = {}) {
  return client.post("/login", { email, password, ...fields }, { "x-forwarded-for": freshIp() });
}

export function sessionCookieHeader(response: Response): string | undefined {
  return response.headers.getSetCookie().find((header) => header.startsWith("roundtable_session="));
}

export function sessionsOf(db: Db, userId: number) {
  return db.select().from(sessions).where(eq(sessions.userId, userId));
}

export async function expectSignedOut(client: Client) {
  const response = await client.get("/");
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toMatch(/^\/login/);
}

/** The form-level message (role="alert"), e.g. "wrong email or password". */
export function formError(html: string): string | undefined {
  return /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
}

/** The markup of one form field: its label, input and the error shown beside it. */
export function fieldBlock(html: string, name: string): string {
  const blocks = html.match(/<div class="field[^"]*">[\s\S]*?<\/div>/g) ?? [];
  const block = blocks.find((candidate) => candidate.includes(`id="field-${name}"`));
  if (!block) throw new Error(`no field ${name} on the page`);
  return block;
}

/** The token of the /set-password link shown on a page (an invite or a reset). */
export function linkToken(html: string): string {
  const token = /\/set-password\?token=([a-z0-9]+)/.exec(html)?.[1];
  if (!token) throw new Error("no set-password link on the page");
  return token;
}

/** A POST carrying another client's cookies and nothing else: no Origin, no Sec-Fetch-Site unless given. */
export async function rawPost(
  t: TestApp,
  from: Client,
  path: string,
  body: BodyInit,
  headers: Record<string, string>,
) {
  const cookie = [...from.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  return t.app.request(`${testOrigin}${path}`, { method: "POST", body, headers: { cookie, ...headers } });
}

/**
 * The audit log records these actions, yet holds no password hash and none of the passwords this test file posted.
 * Call it in the file's last test, so every password sent before it is checked.
 */
export async function expectAuditWithoutPasswords(db: Db, actions: string[], minimumPasswords: number) {
  const rows = await db.select().from(auditEvents);
  expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(actions));
  const everything = JSON.stringify(rows);
  expect(postedPasswords().size).toBeGreaterThanOrEqual(minimumPasswords);
  for (const password of postedPasswords()) expect(everything).not.toContain(password);
  expect(everything).not.toContain("$argon2");
}
