/** A fresh, migrated database for one test file: in-memory PGlite by default, its own database on the server when DATABASE_URL is set. */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
import { createPglite, type Database, pgliteDatabase, postgresDatabase } from "../../src/db/client";

export type TestDatabase = Database & { url?: string };

/** `blank: true` skips the pre-migrated template, for tests of the migrations themselves. */
export async function createTestDatabase({ blank = false } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const template = blank ? undefined : inject("pgliteTemplate");
    if (!template) {
      const database = pgliteDatabase(createPglite());
      await database.migrate();
      return database;
    }
    return pgliteDatabase(createPglite(undefined, new Blob([readFileSync(template)])));
  }
  const name = `rt_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = postgresDatabase(url.toString(), 4);
  await database.migrate();
  return {
    db: database.db,
    migrate: database.migrate,
    url: url.toString(),
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
