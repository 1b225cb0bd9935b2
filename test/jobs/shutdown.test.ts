/**
 * SIGTERM: the server stops taking connections, lets a running request finish, hands its running job back, and exits
 * within 10 s; the next process finishes the job.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client";
import { createTestDatabase } from "../helpers/db";
import {
  createSigningInUser,
  holdRowLock,
  peopleList,
  postForm,
  queueImport,
  sharedDatabase,
  signIn,
  waitForImported,
  waitUntil,
} from "../helpers/instances";
import { insertPerson } from "../helpers/records";
import { type ServerProcess, startListeningServer, startServerProcess } from "../helpers/server-process";

const servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function stopTimed(server: ServerProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  server.process.kill("SIGTERM");
  const code = await server.exited;
  return { code, ms: Date.now() - started };
}

describe("SIGTERM during an import", () => {
  it("hands the job back untouched and exits within 10 s; the next process imports the list once", async () => {
    const shared = await sharedDatabase();
    let database = await shared.open();
    const userId = await createSigningInUser(database.db);
    const importId = await queueImport(database.db, userId, peopleList(30_000));
    const { embedded } = shared;
    if (embedded) await database.close();

    const env = { ...shared.env, LOG_LEVEL: "info" };
    const first = await startServerProcess(env);
    servers.push(first);
    await first.waitForOutput(/job started .*kind=import/);
    const stopped = await stopTimed(first);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);

    if (embedded) database = await shared.open();
    const [handedBack] = rowsOf<{ status: string; attempts: number; people: number }>(
      await database.db.execute(sql`
        select status, attempts, (select count(*)::int from people) as people from jobs where kind = 'import'`),
    );
    // Handed back before its transaction committed: nothing written, the attempt not counted.
    expect(handedBack).toEqual({ status: "queued", attempts: 0, people: 0 });
    if (embedded) await database.close();

    const second = await startListeningServer(env);
    servers.push(second);
    await waitForImported(second, importId);
    await second.stop();
    if (embedded) database = await shared.open();
    const [people] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from people`),
    );
    expect(people?.n).toBe(30_000);
    await database.close();
    shared.remove();
  }, 240_000);
});

describe.skipIf(!process.env.DATABASE_URL)("SIGTERM during a request", () => {
  /**
   * A server, a signed-in coordinator and a person whose row another connection holds locked: a save of it runs
   * until the lock is released. Holding a row lock keeps a request running on demand: that needs the server.
   */
  async function personHeldLocked(fullName: string) {
    const database = await createTestDatabase();
    const userId = await createSigningInUser(database.db);
    const personId = await insertPerson(database.db, { fullName, createdBy: userId });
    const server = await startListeningServer({ DATABASE_URL: database.url, LOG_LEVEL: "info" });
    servers.push(server);
    const cookie = await signIn(server.url);
    const lock = await holdRowLock(database.url as string, "people", personId);
    const save = (newName: string, signal?: AbortSignal) =>
      postForm(
        server.url,
        `/people/${personId}`,
        { version: "1", fullName: newName, stakeholderType: "other" },
        cookie,
        signal,
      );
    return { database, personId, server, lock, save };
  }

  it("lets the running request finish before exiting, and refuses new connections", async () => {
    const { database, personId, server, lock, save } = await personHeldLocked("Rəşad Quliyev");
    try {
      const saving = save("Rəşad Quliyev-Məmmədli");
      await waitUntil(async () => (await lock.waiting()) > 0, 10_000, "the save waits for the row");
      const started = Date.now();
      server.process.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      await lock.release();
      const saved = await saving;
      expect(saved.status).toBe(303);
      // Its keep-alive connection is closed after the answer, not left for the client to send more on.
      expect(saved.headers.get("connection")).toBe("close");
      expect(await server.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      const [row] = rowsOf<{ full_name: string }>(
        await database.db.execute(sql`select full_name from people where id = ${personId}`),
      );
      expect(row?.full_name).toBe("Rəşad Quliyev-Məmmədli");
    } finally {
      await database.close();
    }
  }, 120_000);

  it("finishes a save whose client has gone (a phone out of signal) before closing the database", async () => {
    const { database, personId, server, lock, save } = await personHeldLocked("Aygün Həsənova");
    try {
      const gone = new AbortController();
      const saving = save("Aygün Həsənova-Əliyeva", gone.signal);
      await waitUntil(async () => (await lock.waiting()) > 0, 10_000, "the save waits for the row");
      gone.abort();
      await expect(saving).rejects.toThrow();
      server.process.kill("SIGTERM");
      // Longer than closing the database may take (2 s), well within the grace the running request has (7 s).
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await lock.release();
      expect(await server.exited).toBe(0);
      const [row] = rowsOf<{ full_name: string }>(
        await database.db.execute(sql`select full_name from people where id = ${personId}`),
      );
      expect(row?.full_name).toBe("Aygün Həsənova-Əliyeva");
      expect(server.output()).not.toContain("unhandled error");
    } finally {
      await database.close();
    }
  }, 120_000);
});
