/**
 * Two server processes on one PostgreSQL, as behind a load balancer: a session made on one works on the other,
 * sign-in throttling counts on both, an import whose process is killed is finished by the other, and overlapping
 * edits through the two give one save and one 409.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeFailures } from "../../src/auth/throttle";
import { rowsOf } from "../../src/db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import {
  createSigningInUser,
  holdRowLock,
  peopleList,
  postForm,
  queueImport,
  signIn,
  waitUntil,
} from "../helpers/instances";
import { insertPerson } from "../helpers/records";
import { type ServerProcess, startListeningServer } from "../helpers/server-process";

// Several processes on one database need a database server: the embedded PGlite is one process's alone.
describe.skipIf(!process.env.DATABASE_URL)("two servers on one PostgreSQL", () => {
  let database: TestDatabase;
  let userId: number;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    userId = await createSigningInUser(database.db);
    const env = { DATABASE_URL: database.url, JOB_LEASE_SECONDS: "2", LOG_LEVEL: "info" };
    [a, b] = await Promise.all([startListeningServer(env), startListeningServer(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
  });

  it("a session made on one works on the other, and signing out on it ends it on both", async () => {
    const cookie = await signIn(a.url);
    const onB = await fetch(`${b.url}/`, { headers: { cookie } });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain("Nigar Əliyeva");
    expect((await postForm(b.url, "/logout", {}, cookie)).status).toBe(303);
    const afterSignOut = await fetch(`${a.url}/`, { headers: { cookie }, redirect: "manual" });
    expect(afterSignOut.status).toBe(303);
  });

  it("an import whose server is killed mid-way is finished by the other, once", async () => {
    const importId = await queueImport(database.db, userId, peopleList(30_000));
    const taken = await Promise.race(
      [a, b].map((server) => server.waitForOutput(/job started .*kind=import/).then(() => server)),
    );
    const other = taken === a ? b : a;
    taken.process.kill("SIGKILL");
    await taken.exited;
    await other.waitForOutput(/job done .*kind=import/, 120_000);
    const [state] = rowsOf<{ people: number; status: string; attempts: number; runs: number }>(
      await database.db.execute(sql`
        select (select count(*)::int from people where full_name like 'Aysel Məmmədova %') as people,
          (select status from imports where id = ${importId}) as status,
          (select attempts from jobs where kind = 'import') as attempts,
          (select count(*)::int from audit_events where action = 'import.run') as runs`),
    );
    expect(state).toEqual({ people: 30_000, status: "done", attempts: 2, runs: 1 });
    // The killed one is started again for the next test, as an orchestrator would.
    const restarted = await startListeningServer({
      DATABASE_URL: database.url,
      JOB_LEASE_SECONDS: "2",
      LOG_LEVEL: "info",
    });
    if (taken === a) a = restarted;
    else b = restarted;
  }, 180_000);

  it("overlapping edits of one person through the two give one save and one 409, and one change in history", async () => {
    const personId = await insertPerson(database.db, { fullName: "Leyla Hüseynova", createdBy: userId });
    const [onA, onB] = await Promise.all([signIn(a.url), signIn(b.url)]);
    const edit = (fullName: string) => ({
      version: "1",
      fullName,
      stakeholderType: "other",
    });
    // Both saves wait on the row until both are in flight, then race for it.
    const lock = await holdRowLock(database.url as string, "people", personId);
    const saves = [
      postForm(a.url, `/people/${personId}`, edit("Leyla Hüseynova-Qasımova"), onA),
      postForm(b.url, `/people/${personId}`, edit("Лейла Гусейнова"), onB),
    ];
    await waitUntil(async () => (await lock.waiting()) >= 2, 15_000, "both saves wait for the row");
    await lock.release();
    const statuses = (await Promise.all(saves)).map((response) => response.status).sort();
    expect(statuses).toEqual([303, 409]);
    const [row] = rowsOf<{ version: number; updates: number }>(
      await database.db.execute(sql`
        select version, (select count(*)::int from audit_events
          where action = 'person.update' and entity_id = ${personId}) as updates
        from people where id = ${personId}`),
    );
    expect(row).toEqual({ version: 2, updates: 1 });
  });

  // Last: the failures also count against the test's address, which would throttle the other tests' sign-ins.
  it("counts failed sign-ins on both: after the free ones, the right password is refused on either", async () => {
    await createSigningInUser(database.db, "guessed@example.org");
    for (let attempt = 0; attempt < freeFailures; attempt++) {
      const server = attempt % 2 === 0 ? a : b;
      const wrong = await postForm(server.url, "/login", {
        email: "guessed@example.org",
        password: "wrong guess 1",
      });
      expect(wrong.status).toBe(401);
    }
    const right = await postForm(b.url, "/login", {
      email: "guessed@example.org",
      password: "correct horse battery",
    });
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
