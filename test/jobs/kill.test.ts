/**
 * A server killed with SIGKILL in the middle of an import loses nothing: the import wrote nothing, its job is taken
 * again when the lease lapses by the restarted process, and the list is imported exactly once. On the embedded
 * database the same folder is started again (its lock left by the dead process); on PostgreSQL, a second process.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, rowsOf } from "../../src/db/client";
import {
  createSigningInUser,
  peopleList,
  queueImport,
  sharedDatabase,
  waitForImported,
} from "../helpers/instances";
import { type ServerProcess, startListeningServer, startServerProcess } from "../helpers/server-process";

const rows = 30_000;
const servers: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

type State = { people: number; importStatus: string; jobStatus: string; attempts: number; runs: number };
async function stateOf(database: Database, importId: number): Promise<State> {
  const [row] = rowsOf<State>(
    await database.db.execute(sql`
      select (select count(*)::int from people) as people,
        (select status from imports where id = ${importId}) as "importStatus",
        (select status from jobs where kind = 'import') as "jobStatus",
        (select attempts from jobs where kind = 'import') as attempts,
        (select count(*)::int from audit_events where action = 'import.run') as runs`),
  );
  return row as State;
}

describe("a server killed mid-import", () => {
  it("leaves nothing written, and the next process imports the list exactly once", async () => {
    const shared = await sharedDatabase();
    let database = await shared.open();
    const userId = await createSigningInUser(database.db);
    const importId = await queueImport(database.db, userId, peopleList(rows));
    const { embedded } = shared;
    if (embedded) await database.close();

    const env = { ...shared.env, JOB_LEASE_SECONDS: "2", LOG_LEVEL: "info" };
    const first = await startServerProcess(env);
    servers.push(first);
    // Mid-job: the worker has just taken it (30,000 lines take seconds to read and write).
    await first.waitForOutput(/job started .*kind=import/);
    first.process.kill("SIGKILL");
    await first.exited;

    if (embedded) database = await shared.open();
    const cutOff = await stateOf(database, importId);
    expect(cutOff).toMatchObject({ people: 0, importStatus: "running", jobStatus: "running", runs: 0 });
    if (embedded) await database.close();

    const second = await startListeningServer(env);
    servers.push(second);
    await waitForImported(second, importId);
    await second.stop();

    if (embedded) database = await shared.open();
    expect(await stateOf(database, importId)).toEqual({
      people: rows,
      importStatus: "done",
      jobStatus: "done",
      attempts: 2,
      runs: 1,
    });
    await database.close();
    shared.remove();
  }, 240_000);
});
