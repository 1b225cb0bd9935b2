/** Entry point: config → database → migrate → app → listen. `--demo` loads the demo network first. */
import { serve } from "@hono/node-server";
import { ConfigError, loadConfig } from "./config";
import { DataDirLockedError } from "./db/lock";
import { demoAdmin, ensureDemoAdmin, printFirstRunSetupLink } from "./first-run";
import { createLogger } from "./log";
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
  if (demo) {
    const admin = await ensureDemoAdmin(database.db);
    // Loaded only for the demo, so a normal start does not read the seed files.
    const { loadDemoNetwork } = await import("../seed/load");
    await loadDemoNetwork(database.db, { userId: admin.id });
  }
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
  if (demo) console.log(`Demo sign-in: ${demoAdmin.email} / ${demoAdmin.password}`);
  await printFirstRunSetupLink(database.db, config.publicUrl);

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
    `${known ? (error as Error).message : `Roundtable could not start: ${(error as Error)?.stack ?? error}`}\n`,
  );
  process.exit(1);
});
