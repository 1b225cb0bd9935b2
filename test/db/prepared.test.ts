/**
 * On PostgreSQL, the app's statements are prepared once per connection and reused (decision 16): parsed and planned
 * once, not on every execution. Long statements (over 100 parameters) and those without parameters are not kept.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, type Db, postgresDatabase, rowsOf } from "../../src/db/client";
import { maxPreparedParameters } from "../../src/db/prepared";
import { people } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { insertPerson } from "../helpers/records";

// PGlite runs in this process, with no statements to keep between queries: there is nothing to prepare.
describe.skipIf(!process.env.DATABASE_URL)("statements on PostgreSQL", () => {
  let database: TestDatabase;
  let oneConnection: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection, so what it has prepared is what every query here used.
    oneConnection = postgresDatabase(database.url as string, 1);
  });
  afterAll(async () => {
    await oneConnection?.close();
    await database?.close();
  });

  /** What the connection has prepared, and how many times each was run (planned for its values, or not). */
  const preparedRuns = async () =>
    rowsOf<{ statement: string; runs: number }>(
      await oneConnection.db.execute(
        sql`select statement, (generic_plans + custom_plans)::int as runs from pg_prepared_statements`,
      ),
    );
  const prepared = async () => (await preparedRuns()).map((row) => row.statement);

  it("prepares a query once and runs it again as prepared, in and out of transactions", async () => {
    await insertPerson(database.db, { fullName: "Leyla Əliyeva" });
    const { db } = oneConnection;
    // An ordinary drizzle query, as most of the app's are (not one given a name with drizzle's own prepare).
    const byName = async (handle: Pick<Db, "select">) =>
      (await handle.select().from(people).where(eq(people.fullName, "Leyla Əliyeva")))[0]?.fullName;
    expect(await byName(db)).toBe("Leyla Əliyeva");
    await db.transaction(async (tx) => expect(await byName(tx)).toBe("Leyla Əliyeva"));
    await db.transaction((tx) =>
      tx.transaction(async (savepoint) => expect(await byName(savepoint)).toBe("Leyla Əliyeva")),
    );
    const queries = (await preparedRuns()).filter(({ statement }) =>
      statement.includes('where "people"."full_name" = $1'),
    );
    expect(queries.map(({ runs }) => runs)).toEqual([3]);
  });

  it("keeps no statement with more parameters than the limit", async () => {
    const rows = Array.from({ length: maxPreparedParameters + 1 }, (_, at) => ({
      fullName: `Participant ${at}`,
    }));
    await oneConnection.db.insert(people).values(rows);
    const inserts = (await prepared()).filter((text) => text.startsWith('insert into "people"'));
    expect(inserts).toHaveLength(0);
    expect(await oneConnection.db.$count(people)).toBeGreaterThan(maxPreparedParameters);
  });
});
