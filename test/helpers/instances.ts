/** For tests of real server processes on a shared database: a coordinator to sign in as, a big list to import, sign-in over HTTP. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { hashPassword } from "../../src/auth/password";
import { createUser } from "../../src/auth/users";
import { createPglite, type Database, type Db, pgliteDatabase } from "../../src/db/client";
import type { Role } from "../../src/db/schema/enums";
import { startImport } from "../../src/imports/job";
import { createImport } from "../../src/imports/run";
import { testPassword } from "./app";
import { createTestDatabase } from "./db";
import type { ServerProcess } from "./server-process";

export const coordinatorEmail = "coordinator@example.org";

/** A user (a coordinator unless told) who can sign in with the test password. */
export async function createSigningInUser(
  db: Db,
  email = coordinatorEmail,
  role: Role = "coordinator",
): Promise<number> {
  const passwordHash = await hashPassword(testPassword);
  const user = await db.transaction((tx) =>
    createUser(tx, { email, name: "Nigar Əliyeva", role, passwordHash }, { userId: null }),
  );
  return user.id;
}

/** A people list as Excel saves it with semicolons, `rows` different people (enough to take seconds to import). */
export function peopleList(rows: number): Uint8Array {
  const lines = ["Full name;Email;Country;City"];
  for (let i = 0; i < rows; i++) lines.push(`Aysel Məmmədova ${i};aysel${i}@example.org;Azerbaijan;Gəncə`);
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

/** Uploads the list as the coordinator and starts it as the wizard does: the import is running and its job queued. */
export async function queueImport(db: Db, userId: number, bytes: Uint8Array): Promise<number> {
  const actor = { userId };
  const created = await createImport(
    db,
    { kind: "people", activityId: null, fileName: "list.csv", bytes },
    actor,
  );
  if (!created.ok) throw new Error(created.problem);
  if (!(await startImport(db, created.id, actor, "2026-12-01"))) throw new Error("import not started");
  return created.id;
}

/** Posts a form to a running server as a browser on its page would (same origin), with the cookie if given. */
export function postForm(
  baseUrl: string,
  path: string,
  form: Record<string, string>,
  cookie?: string,
  signal?: AbortSignal,
) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    signal,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: baseUrl,
      "sec-fetch-site": "same-origin",
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form),
  });
}

/** Signs in through the real form of a running server; returns the Cookie header to send. */
export async function signIn(baseUrl: string, email = coordinatorEmail): Promise<string> {
  const response = await postForm(baseUrl, "/login", { email, password: testPassword });
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A row locked from a connection of the test's own, in an open transaction: requests that write it wait, for as long
 * as the test likes. `waiting` counts the sessions waiting for a lock; `release` commits and closes.
 */
export async function holdRowLock(url: string, table: string, id: number) {
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const reserved = await client.reserve();
  await reserved`begin`;
  await reserved`select id from ${client(table)} where id = ${id} for update`;
  return {
    waiting: async () => {
      const [row] = await client`
        select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and datname = current_database()`;
      return Number(row?.n ?? 0);
    },
    release: async () => {
      await reserved`commit`;
      reserved.release();
      await client.end();
    },
  };
}

/**
 * The database server processes share: a PGlite folder (opened here only while no server runs on it; removed by
 * `remove`) or, with DATABASE_URL, a PostgreSQL database of the test's own (dropped when closed).
 */
export async function sharedDatabase() {
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    return {
      embedded: false,
      env: { DATABASE_URL: database.url as string },
      open: async (): Promise<Database> => database,
      remove: () => {},
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "roundtable-instances-"));
  return {
    embedded: true,
    env: { DATA_DIR: dataDir },
    open: async (): Promise<Database> => {
      const database = pgliteDatabase(createPglite(dataDir));
      await database.migrate();
      return database;
    },
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** Waits until a running server's import page says the import is done, signed in as the coordinator. */
export async function waitForImported(server: ServerProcess, importId: number, timeoutMs = 90_000) {
  const cookie = await signIn(server.url);
  await waitUntil(
    async () => {
      const response = await fetch(`${server.url}/imports/${importId}/status`, { headers: { cookie } });
      return (await response.text()).includes("Imported");
    },
    timeoutMs,
    `${server.url} has imported the list`,
  );
}
