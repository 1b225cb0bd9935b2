/**
 * GET requests write nothing but the access log: every page reads through a database role that may only SELECT (and
 * add to the access log, which records who saw a sensitive field). Reports and exports
 * read from the replica (DATABASE_REPLICA_URL): proved with a primary role that may not read what they count.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoNetwork } from "../../seed/load";
import { createApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { type Database, postgresDatabase, rowsOf } from "../../src/db/client";
import { createImport, ensureStaged, getImport } from "../../src/imports/run";
import { createLogger } from "../../src/log";
import { reportNames } from "../../src/reports/views";
import { createClient, testOrigin, testPassword } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { coordinatorEmail, createSigningInUser, peopleList } from "../helpers/instances";

// Roles and a second connection with other rights need a database server.
describe.skipIf(!process.env.DATABASE_URL)("reading without writing", () => {
  const suffix = randomBytes(4).toString("hex");
  const reader = `rt_reader_${suffix}`;
  const writer = `rt_writer_${suffix}`;
  const config = loadConfig({ PUBLIC_URL: testOrigin });
  const log = createLogger("silent");
  let database: TestDatabase;
  let asReader: Database;
  let asWriter: Database;
  let userId: number;

  const urlAs = (role: string) => {
    const url = new URL(database.url as string);
    url.username = role;
    return url.toString();
  };
  const admin = (statement: string) => database.db.execute(sql.raw(statement));

  beforeAll(async () => {
    database = await createTestDatabase();
    userId = await createSigningInUser(database.db, coordinatorEmail, "admin");
    await loadDemoNetwork(database.db, { userId });
    const created = await createImport(
      database.db,
      { kind: "people", activityId: null, fileName: "list.csv", bytes: peopleList(3) },
      { userId },
    );
    // Mapped, so its preview shows (an earlier release marked it previewed there: a write on a GET); its lines
    // staged, as saving the mapping does, so the preview reads them.
    await admin("update imports set status = 'mapped'");
    const mapped = created.ok ? await getImport(database.db, created.id) : undefined;
    if (!mapped || !(await ensureStaged(database.db, mapped)).ok)
      throw new Error("the import was not staged");
    const name = new URL(database.url as string).pathname.slice(1);
    for (const role of [reader, writer]) {
      await admin(`create role ${role} login`);
      await admin(`grant connect on database ${name} to ${role}`);
      await admin(`grant usage on schema public to ${role}`);
    }
    await admin(`grant select on all tables in schema public to ${reader}`);
    // The one write a GET makes: the access log of who saw a sensitive field (decision 24), and only adding to it.
    await admin(`grant insert on access_log to ${reader}`);
    await admin(`grant usage on sequence access_log_id_seq to ${reader}`);
    // The primary's role writes anything but cannot read what reports and exports count.
    await admin(`grant all on all tables in schema public to ${writer}`);
    await admin(`grant usage on all sequences in schema public to ${writer}`);
    await admin(`revoke select on participations, activities, people, organizations from ${writer}`);
    asReader = postgresDatabase(urlAs(reader), 2);
    asWriter = postgresDatabase(urlAs(writer), 2);
  }, 120_000);
  afterAll(async () => {
    await asReader?.close();
    await asWriter?.close();
    for (const role of [reader, writer]) {
      await admin(`drop owned by ${role}`);
      await admin(`drop role ${role}`);
    }
    await database?.close();
  });

  /** A client signed in through an app on the full database, then sending its cookie to `app`. */
  async function signedInClient(app: ReturnType<typeof createApp>) {
    const signingIn = createClient(createApp({ db: database.db, config, log }));
    const response = await signingIn.post("/login", { email: coordinatorEmail, password: testPassword });
    expect(response.status).toBe(303);
    const client = createClient(app);
    for (const [name, value] of signingIn.cookies) client.cookies.set(name, value);
    return client;
  }

  async function pagesToRead(): Promise<string[]> {
    const [ids = {}] = rowsOf<Record<string, number>>(
      await database.db.execute(sql`
        select (select min(id) from people) as person, (select min(id) from organizations) as organization,
          (select min(id) from programmes) as programme, (select min(id) from imports) as import,
          (select activity_id from participations group by activity_id order by count(*) desc limit 1) as activity,
          (select min(id) from participations where activity_id = (
            select activity_id from participations group by activity_id order by count(*) desc limit 1)) as participation,
          (select person_id from affiliations order by id limit 1) as "affiliatedPerson",
          (select min(id) from affiliations) as affiliation`),
    );
    const { person, organization, programme, activity, participation, affiliatedPerson, affiliation } =
      ids as Record<string, number>;
    const pages = [
      "/",
      "/account",
      "/people",
      "/people?q=mammadov",
      `/people/${person}`,
      `/people/${person}/edit`,
      `/people/${person}/timeline`,
      `/people/${person}/history`,
      `/people/${affiliatedPerson}/affiliations/${affiliation}/edit`,
      "/organizations",
      `/organizations/${organization}`,
      `/organizations/${organization}/timeline`,
      "/programmes",
      `/programmes/${programme}`,
      "/activities",
      "/activities/calendar",
      `/activities/${activity}`,
      `/activities/${activity}/participants`,
      `/activities/${activity}/participants/${participation}/edit`,
      `/activities/${activity}/partners`,
      "/interactions",
      "/interactions/not-contacted",
      "/duplicates",
      "/imports",
      `/imports/${ids.import}`,
      `/imports/${ids.import}/map`,
      `/imports/${ids.import}/preview`,
      "/search?q=Əliyev",
      "/admin/users",
      "/reports/records?range=last-12-months",
      ...reportNames.map((name) => `/reports/${name}?range=last-12-months`),
    ];
    return pages;
  }

  it("serves every page from a role that may only SELECT", async () => {
    const app = createApp({ db: asReader.db, readDb: asReader.db, config, log });
    const client = await signedInClient(app);
    const failed: string[] = [];
    for (const page of await pagesToRead()) {
      const response = await client.get(page);
      if (response.status !== 200) failed.push(`${page}: ${response.status}`);
    }
    expect(failed).toEqual([]);
    // The person's page showed their community to an admin: that reading was logged through the same role.
    const [logged] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from access_log where kind = 'view'`),
    );
    expect(Number(logged?.n)).toBeGreaterThan(0);
  });

  it("reads reports and exports from the replica, and records each export on the primary", async () => {
    const app = createApp({ db: asWriter.db, readDb: asReader.db, config, log });
    const client = await signedInClient(app);
    const reads = [
      ...reportNames.map((name) => `/reports/${name}?range=last-12-months`),
      "/reports/overview?range=last-12-months&format=csv&table=by-kind",
      "/reports/records?range=last-12-months",
      "/people?format=csv",
      "/organizations?format=csv",
    ];
    for (const page of reads) expect((await client.get(page)).status, page).toBe(200);
    const people = await client.get("/people?format=csv");
    expect(await people.text()).toContain("Məmmədov");
    const [exports] = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from audit_events where action = 'export.csv'`),
    );
    expect(exports?.n).toBe(4);
    // And the primary's role truly cannot read them: the replica did.
    await expect(asWriter.db.execute(sql`select count(*) from participations`)).rejects.toThrow();
  });
});
