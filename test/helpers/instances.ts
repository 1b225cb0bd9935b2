/** For tests of real server processes on a shared database: a coordinator to sign in as, a big list to import, sign-in over HTTP. */
import { hashPassword } from "../../src/auth/password";
import { createUser } from "../../src/auth/users";
import type { Db } from "../../src/db/client";
import { startImport } from "../../src/imports/job";
import { createImport } from "../../src/imports/run";
import { testPassword } from "./app";

export const coordinatorEmail = "coordinator@example.org";

/** A coordinator who can sign in with the test password. */
export async function createCoordinator(db: Db): Promise<number> {
  const passwordHash = await hashPassword(testPassword);
  const user = await db.transaction((tx) =>
    createUser(
      tx,
      { email: coordinatorEmail, name: "Nigar", role: "coordinator", passwordHash },
      { userId: null },
    ),
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

/** Signs in through the real form of a running server; returns the Cookie header to send. */
export async function signIn(baseUrl: string, email = coordinatorEmail): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: baseUrl,
      "sec-fetch-site": "same-origin",
    },
    body: new URLSearchParams({ email, password: testPassword }),
  });
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
