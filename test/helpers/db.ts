/** A fresh, migrated database for one test file: in-memory PGlite by default, its own database on the server when DATABASE_URL is set. */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { inject } from "vitest";
import {
  createPglite,
  type Database,
  pgliteDatabase,
  pgliteExtensions,
  postgresDatabase,
} from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";

export type TestDatabase = Database & { url?: string };

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const template = inject("pgliteTemplate");
    if (!template) {
      const database = pgliteDatabase(createPglite());
      await migrateDatabase(database.db);
      return database;
    }
    const client = new PGlite({
      loadDataDir: new Blob([readFileSync(template)]),
      extensions: pgliteExtensions,
    });
    return pgliteDatabase(client);
  }
  const name = `rt_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = postgresDatabase(url.toString(), 4);
  await migrateDatabase(database.db);
  return {
    db: database.db,
    url: url.toString(),
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
