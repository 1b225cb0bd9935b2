/** `npm run demo` fills an empty database and never touches one that holds other data. */
import { afterEach, describe, expect, it } from "vitest";
import { findUserByEmail } from "../src/auth/users";
import { organizations, users } from "../src/db/schema";
import { demoAdmin, prepareDemo } from "../src/first-run";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

describe("prepareDemo", () => {
  it("loads the demo network and the demo administrator into an empty database, once", async () => {
    database = await createTestDatabase();
    expect(await prepareDemo(database.db)).toBe(true);
    expect(await database.db.$count(organizations)).toBeGreaterThan(30);
    expect((await findUserByEmail(database.db, demoAdmin.email))?.role).toBe("admin");
    expect(await prepareDemo(database.db)).toBe(true);
    expect(await database.db.$count(users)).toBe(1);
  });

  it("leaves a database with someone's data alone: no demo account, nothing loaded", async () => {
    database = await createTestDatabase();
    await database.db.insert(users).values({ email: "real@example.org", name: "Real user", role: "admin" });
    expect(await prepareDemo(database.db)).toBe(false);
    expect(await findUserByEmail(database.db, demoAdmin.email)).toBeUndefined();
    expect(await database.db.$count(organizations)).toBe(0);
  });
});
