/** Applies the generated migrations in drizzle/ (the same files on PGlite and on PostgreSQL), each driver with its own migrator. */
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePgliteDb } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgresDb } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { projectPath } from "../paths";

export const migrationsFolder = projectPath("drizzle");

/** Any number stable across releases: the key of the advisory lock that serialises migrations between processes. */
const migrationLockKey = 7_265_001;

export async function migratePglite(client: PGlite): Promise<void> {
  await migratePgliteDb(drizzlePglite({ client }), { migrationsFolder });
}

/**
 * Several app processes may start at once on one server: each migrates through a connection of its own that holds
 * a session advisory lock meanwhile, so they run one after another and the later ones find nothing left to do.
 */
export async function migratePostgres(url: string): Promise<void> {
  const connection = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await connection`select pg_advisory_lock(${migrationLockKey})`;
    await migratePostgresDb(drizzlePostgres({ client: connection }), { migrationsFolder });
  } finally {
    await connection.end({ timeout: 5 });
  }
}
