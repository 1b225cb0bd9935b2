/** Test app with its own database, and a browser-like client: cookies kept, same-origin headers on every request. */
import { createApp } from "../../src/app";
import { hashPassword } from "../../src/auth/password";
import { createUser } from "../../src/auth/users";
import { type Config, loadConfig } from "../../src/config";
import type { Tx } from "../../src/db/client";
import { organizations } from "../../src/db/schema";
import type { Role } from "../../src/db/schema/enums";
import { jobHandlersFor } from "../../src/jobs/handlers";
import { startWorker } from "../../src/jobs/worker";
import { createLogger } from "../../src/log";
import { createTestDatabase, type TestDatabase } from "./db";

async function newOrganization(tx: Tx, name: string): Promise<number> {
  const [row] = await tx.insert(organizations).values({ name }).returning({ id: organizations.id });
  return row?.id as number;
}

export const testOrigin = "http://localhost:3000";
export const testPassword = "correct horse battery";

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
export type Client = ReturnType<typeof createClient>;

/** Every password field any client of this test file posted (a module per file), for tests that prove none was stored. */
const passwordsPosted = new Set<string>();
export const postedPasswords = (): ReadonlySet<string> => passwordsPosted;

export async function createTestApp(overrides: Partial<Config> = {}) {
  const database: TestDatabase = await createTestDatabase();
  const config = { ...loadConfig({ PUBLIC_URL: testOrigin }), ...overrides };
  const log = createLogger("silent");
  // A worker as the server has, for the jobs requests queue (imports); recurring jobs are not scheduled here.
  const worker = startWorker({ db: database.db, log, handlers: jobHandlersFor(config), pollMs: 200 });
  const app = createApp({ db: database.db, config, log, wakeWorker: worker.wake });
  let counter = 0;
  // One hash for every test user: argon2id is deliberately slow.
  const passwordHash = hashPassword(testPassword);

  /** A partner needs an organisation: a new one is made unless one is given. */
  async function createTestUser(
    role: Role,
    fields: { email?: string; name?: string; organizationId?: number } = {},
  ) {
    counter += 1;
    const email = fields.email ?? `${role}${counter}@example.org`;
    const name = fields.name ?? `Test ${role} ${counter}`;
    return database.db.transaction(async (tx) => {
      const organizationId =
        role === "partner"
          ? (fields.organizationId ?? (await newOrganization(tx, `Partner Org ${counter}`)))
          : null;
      const input = { email, name, role, organizationId, passwordHash: await passwordHash };
      return createUser(tx, input, { userId: null });
    });
  }

  /** A client that signs in as a new user of this role through the real login form. */
  async function loginAs(role: Role, fields: { organizationId?: number } = {}) {
    const user = await createTestUser(role, fields);
    const client = createClient(app);
    const response = await client.post("/login", { email: user.email, password: testPassword });
    if (response.status !== 303) throw new Error(`login as ${role} failed with ${response.status}`);
    return { user, client };
  }

  return {
    app,
    db: database.db,
    /** The test database's address on a PostgreSQL server (undefined on PGlite), for a second connection. */
    url: database.url,
    config,
    close: async () => {
      await worker.stop(5000);
      await database.close();
    },
    createTestUser,
    loginAs,
    client: () => createClient(app),
  };
}

type Fetchable = { request: (input: string, init?: RequestInit) => Response | Promise<Response> };

/** Keeps cookies like a browser and sends Origin + Sec-Fetch-Site: same-origin, so CSRF checks pass. */
export function createClient(app: Fetchable) {
  const cookies = new Map<string, string>();

  function remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const expired = /max-age=0/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header);
      if (expired || value === "") cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (cookies.size > 0)
      headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    if (!headers.has("origin") && init.method && init.method !== "GET") headers.set("origin", testOrigin);
    if (!headers.has("sec-fetch-site")) headers.set("sec-fetch-site", "same-origin");
    const response = await app.request(`${testOrigin}${path}`, { ...init, headers });
    remember(response);
    return response;
  }

  return {
    cookies,
    request,
    get: (path: string, headers: Record<string, string> = {}) => request(path, { headers }),
    post: (path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) => {
      for (const [name, value] of Object.entries(form))
        if (/password/i.test(name)) passwordsPosted.add(value);
      return request(path, {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      });
    },
  };
}
