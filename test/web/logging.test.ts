/** The log an operator reads: one line per request with its id, and no token, password or session cookie in any line. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { open } from "../../src/auth/middleware";
import { createSetupToken } from "../../src/auth/user-tokens";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/log";
import { type Client, createClient } from "../helpers/app";
import { linkToken } from "../helpers/auth";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

type Sent = { method: string; path: string; status: number; requestId: string };

const lines: string[] = [];
const sent: Sent[] = [];
const tokens: string[] = [];
const sessionCookies = new Set<string>();
const adminPassword = "first admin pass phrase";
const wrongPassword = "a mistyped pass phrase";
const invitedPassword = "invited person's own phrase";

let database: TestDatabase;
let app: ReturnType<typeof createApp>;

/** One request through the client, noted down with the id the response carries, and any session cookie it set. */
async function send(client: Client, method: "GET" | "POST", url: string, form: Record<string, string> = {}) {
  const response = method === "GET" ? await client.get(url) : await client.post(url, form);
  const requestId = response.headers.get("x-request-id");
  if (!requestId) throw new Error(`${method} ${url} answered without X-Request-Id`);
  sent.push({ method, path: url.split("?")[0] ?? url, status: response.status, requestId });
  const session = client.cookies.get("roundtable_session");
  if (session) sessionCookies.add(session);
  return response;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ PUBLIC_URL: "http://localhost:3000" });
  app = createApp({
    db: database.db,
    config,
    log: createLogger("info", {}, (_level, line) => lines.push(line)),
  });
  app.get("/boom", open(), () => {
    throw new Error("kaboom in a handler");
  });

  // First run: the printed setup link, then the form.
  const setupToken = await createSetupToken(database.db);
  tokens.push(setupToken);
  const admin = createClient(app);
  expect((await send(admin, "GET", `/setup?token=${setupToken}`)).status).toBe(200);
  const setup = await send(admin, "POST", "/setup", {
    token: setupToken,
    name: "Aysel Məmmədova",
    email: "aysel@example.org",
    password: adminPassword,
    passwordConfirm: adminPassword,
  });
  expect(setup.status).toBe(303);

  // Out, a mistyped sign-in, and back in.
  expect((await send(admin, "POST", "/logout")).status).toBe(303);
  const wrong = await send(admin, "POST", "/login", { email: "aysel@example.org", password: wrongPassword });
  expect(wrong.status).toBe(401);
  const signIn = await send(admin, "POST", "/login", { email: "aysel@example.org", password: adminPassword });
  expect(signIn.status).toBe(303);

  // An invitation, and the invited person choosing a password through the link.
  const invite = await send(admin, "POST", "/admin/users", {
    name: "Nino Beridze",
    email: "nino@example.org",
    role: "staff",
  });
  expect(invite.status).toBe(201);
  const inviteToken = linkToken(await invite.text());
  tokens.push(inviteToken);
  const invited = createClient(app);
  expect((await send(invited, "GET", `/set-password?token=${inviteToken}`)).status).toBe(200);
  const chosen = await send(invited, "POST", "/set-password", {
    token: inviteToken,
    password: invitedPassword,
    passwordConfirm: invitedPassword,
  });
  expect(chosen.status).toBe(303);
  expect((await send(invited, "GET", "/")).status).toBe(200);
});

afterAll(async () => {
  await database?.close();
});

const requestLines = () => lines.filter((line) => / INFO request /.test(line));

describe("request log", () => {
  it("writes one line per request with its id, method, path and status", () => {
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(requestLines()).toHaveLength(sent.length);
    for (const { method, path, status, requestId } of sent) {
      const mine = requestLines().filter((line) => line.includes(`req=${requestId}`));
      expect(mine, `${method} ${path}`).toHaveLength(1);
      expect(mine[0]).toContain(`method=${method} path=${path} status=${status}`);
    }
    for (const line of requestLines())
      expect(line).toMatch(/ req=\S+ method=[A-Z]+ path=\/\S* status=\d{3}\b/);
  });

  it("holds no token, typed password, session cookie or token= query string in any line", () => {
    expect(tokens).toHaveLength(2);
    expect(sessionCookies.size).toBeGreaterThanOrEqual(3);
    const secrets = [...tokens, adminPassword, wrongPassword, invitedPassword, ...sessionCookies];
    for (const line of lines) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toContain("token=");
    }
  });
});

describe("an error the user cannot cause", () => {
  it("is logged once with the id of its request, and the 500 page shows that id but no stack trace", async () => {
    const before = lines.length;
    const response = await send(createClient(app), "GET", "/boom");
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id");
    const added = lines.slice(before);

    const errors = added.filter((line) => / ERROR /.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`req=${requestId}`);
    expect(errors[0]).toContain("kaboom in a handler");
    const request = added.filter((line) => / INFO request /.test(line));
    expect(request).toHaveLength(1);
    expect(request[0]).toContain(`req=${requestId} method=GET path=/boom status=500`);

    const html = await response.text();
    expect(html).toContain("Something went wrong");
    expect(html).toContain(`Reference: ${requestId}`);
    expect(html).not.toContain("kaboom");
    expect(html).not.toMatch(/\bat .+:\d+:\d+/);
    expect(html).not.toContain(process.cwd());
  });
});
