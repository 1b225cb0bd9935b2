/** Start-up steps shared by the server and the CLI: open the configured database (locked when embedded) and migrate it. */
import { type Config, describeDatabase } from "./config";
import { type Database, openDatabase } from "./db/client";
import { lockDataDir } from "./db/lock";
import { fillMissingNameKeys } from "./directory/search-columns";
import { failInterruptedImports } from "./imports/job";

/** A start-up problem the user can fix: printed as one line, never as a stack trace. */
export class StartupError extends Error {}

export type OpenedDatabase = Database & { description: string };

export async function openMigratedDatabase(config: Config, holder: string): Promise<OpenedDatabase> {
  const release = config.database.kind === "pglite" ? lockDataDir(config.database.dataDir, holder) : () => {};
  try {
    const database = await openDatabase(config).catch((error: unknown) => {
      throw new StartupError(connectionProblem(config, error));
    });
    await database.migrate();
    await fillMissingNameKeys(database.db);
    // The data folder is locked to this process: an import still "running" was cut off when the last one stopped.
    // (On a server several processes share the database; there a stale import is retried from its page.)
    if (config.database.kind === "pglite") await failInterruptedImports(database.db);
    return {
      ...database,
      description: describeDatabase(config),
      close: async () => {
        await database.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

function connectionProblem(config: Config, failure: unknown): string {
  // drizzle wraps the driver's error ("Failed query: select 1 …") in a DrizzleQueryError; the cause says what happened.
  const error = (failure as { cause?: unknown } | undefined)?.cause ?? failure;
  const code = (error as { code?: string } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (config.database.kind === "pglite")
    return `DATA_DIR ${config.database.dataDir}: cannot open the embedded database (${message})`;
  const where = describeDatabase(config);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "CONNECT_TIMEOUT") {
    return `DATABASE_URL: cannot reach ${where} (${code}); is the server running and the address right?`;
  }
  return `DATABASE_URL: ${where} refused the connection: ${message}`;
}
