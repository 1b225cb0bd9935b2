/** Entry point: config → database → migrate → app → listen. `--demo` loads the demo network first. */
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { DataDirLockedError } from "./db/lock";
import { ensureDemoAdmin, printFirstRunSetupLink } from "./first-run";
import { createLogger } from "./log";
import { openMigratedDatabase, StartupError } from "./startup";

async function main(): Promise<void> {
  const demo = process.argv.includes("--demo");
  const config = loadConfig();
  const database = await openMigratedDatabase(config, "server");
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
  });
  console.log(`Roundtable on ${database.description}: ${config.publicUrl}`);
  if (demo) console.log("Demo sign-in: demo-admin@roundtable.example / roundtable-demo-2026");
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
