/** Start-up steps shared by the server and the CLI: open the configured database (locked when embedded) and migrate it. */
import { type Config, describeDatabase } from "./config";
import { type Database, type Db, openDatabase, pingDatabase, postgresDatabase } from "./db/client";
import { lockDataDir } from "./db/lock";
import { fillMissingNameKeys } from "./directory/search-columns";

/** A start-up problem the user can fix: printed as one line, never as a stack trace. */
export class StartupError extends Error {}

/** `readDb`: where reports and exports read (the replica, when DATABASE_REPLICA_URL names one). */
export type OpenedDatabase = Database & { description: string; readDb: Db };

export async function openMigratedDatabase(config: Config, holder: string): Promise<OpenedDatabase> {
  const release = config.database.kind === "pglite" ? lockDataDir(config.database.dataDir, holder) : () => {};
  try {
    const database = await openDatabase(config).catch((error: unknown) => {
      throw new StartupError(connectionProblem(config, error));
    });
    await database.migrate();
    await fillMissingNameKeys(database.db);
    const replica = await openReplica(config);
    return {
      ...database,
      readDb: replica?.db ?? database.db,
      description: describeDatabase(config),
      close: async () => {
        await replica?.close();
        await database.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** The read replica named by DATABASE_REPLICA_URL, if any: reached at start, so a wrong address stops start-up. */
async function openReplica(config: Config): Promise<Database | undefined> {
  if (config.database.kind !== "postgres" || !config.database.replicaUrl) return undefined;
  const replica = postgresDatabase(config.database.replicaUrl, config.database.poolSize, {
    connect_timeout: 5,
  });
  await pingDatabase(replica.db).catch(async (error: unknown) => {
    await replica.close();
    const cause = (error as { cause?: Error }).cause ?? error;
    throw new StartupError(
      `DATABASE_REPLICA_URL: cannot reach the replica (${cause instanceof Error ? cause.message : String(cause)})`,
    );
  });
  return replica;
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
