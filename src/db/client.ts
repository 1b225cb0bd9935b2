/** Makes the one database handle the app uses: embedded PGlite (default) or a PostgreSQL server through postgres.js. */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Config } from "../config";
import { migratePglite, migratePostgres } from "./migrate";
import { templateFor } from "./pglite-template";
import { preparingStatements } from "./prepared";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type Database = { db: Db; migrate: () => Promise<void>; close: () => Promise<void> };

/**
 * Session settings for every connection. Search matches a word at 0.4 similarity (pg_trgm's default, 0.6, misses
 * transliteration pairs like "алиев" / "Əliyev"); ranking still puts the closest first.
 */
const sessionSettings = { "pg_trgm.word_similarity_threshold": "0.4" };

/** Extensions PGlite must be given at construction; the migrations then CREATE them. */
export const pgliteExtensions = { pg_trgm };

/** `template`: a dumped data folder to start from (by default the installation's, for an empty dataDir). */
export function createPglite(dataDir?: string, template: Blob | undefined = templateFor(dataDir)): PGlite {
  // The options-object form: `new PGlite(undefined, { extensions })` silently drops the extensions.
  return new PGlite({
    dataDir,
    extensions: pgliteExtensions,
    startParams: [
      ...PGlite.defaultStartParams,
      ...Object.entries(sessionSettings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    ...(template ? { loadDataDir: template } : {}),
  });
}

export function pgliteDatabase(client: PGlite): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, migrate: () => migratePglite(client), close: () => client.close() };
}

export function postgresDatabase(
  url: string,
  poolSize = 10,
  options: Parameters<typeof postgres>[1] = {},
): Database {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connection: sessionSettings,
    ...options,
  });
  const db = drizzlePostgres({ client: preparingStatements(client), schema }) as unknown as Db;
  return { db, migrate: () => migratePostgres(url), close: () => client.end({ timeout: 5 }) };
}

/** A round trip to the database: proves it answers. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Opens the configured database. For PGlite the caller must hold the data folder's lock first. */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.database.kind === "pglite") {
    const client = createPglite(config.database.dataDir);
    await client.waitReady;
    return pgliteDatabase(client);
  }
  const database = postgresDatabase(config.database.url, config.database.poolSize, { connect_timeout: 5 });
  await pingDatabase(database.db);
  return database;
}

/** The rows of a raw `execute`: postgres.js returns them as an array, PGlite as `{ rows }`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
