/** Entry point: config → database → migrate → app → listen. `--demo` loads the demo network first. */
import { serve } from "@hono/node-server";
import { deleteExpiredAuthRecords } from "./auth/clean-up";
import { ConfigError, loadConfig } from "./config";
import { DataDirLockedError } from "./db/lock";
import { demoAdmin, prepareDemo, printFirstRunSetupLink } from "./first-run";
import { createLogger, describeError } from "./log";
import { openMigratedDatabase, StartupError } from "./startup";

async function main(): Promise<void> {
  const demo = process.argv.includes("--demo");
  const config = loadConfig();
  // The app's modules load while the database boots: start-up is the slower of the two, not their sum.
  const [database, { createApp }] = await Promise.all([
    openMigratedDatabase(config, "server"),
    import("./app"),
  ]);
  const log = createLogger(config.logLevel);
  const demoReady = demo && (await prepareDemo(database.db));
  const app = createApp({ db: database.db, config, log });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(`PORT ${config.port} is already in use; set PORT to a free port`)
          : error,
      ),
    );
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  console.log(`Roundtable on ${database.description}: ${config.publicUrl}`);
  if (demoReady) console.log(`Demo sign-in: ${demoAdmin.email} / ${demoAdmin.password}`);
  if (demo && !demoReady) console.log("This database already has data: the demo network was not loaded.");
  await printFirstRunSetupLink(database.db, config.publicUrl);
  // Housekeeping waits until the server answers: it must not slow the start.
  await deleteExpiredAuthRecords(database.db);

  const stop = () => {
    server.close();
    database.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof StartupError || error instanceof DataDirLockedError;
  process.stderr.write(
    `${known ? (error as Error).message : `Roundtable could not start: ${describeError(error)}`}\n`,
  );
  process.exit(1);
});
