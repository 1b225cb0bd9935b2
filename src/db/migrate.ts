/** Applies the generated migrations in drizzle/ (the same files on PGlite and on PostgreSQL). */
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { Db } from "./client";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

export async function migrateDatabase(db: Db): Promise<void> {
  // Both drivers share drizzle's PgDialect migrator; the pglite entry point accepts any PgDatabase session.
  await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder });
}
