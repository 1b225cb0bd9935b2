/**
 * Entry point: config → database → migrate → app → listen → job worker. `--demo` loads the demo network first.
 * SIGTERM or SIGINT stop it gracefully (shutdown.ts).
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { ConfigError, loadConfig } from "./config";
import { DataDirLockedError } from "./db/lock";
import { demoAdmin, prepareDemo, printFirstRunSetupLink } from "./first-run";
import { jobHandlersFor } from "./jobs/handlers";
import { scheduleRecurringJobs, startWorker, type Worker } from "./jobs/worker";
import { createLogger, describeError } from "./log";
import { limitHeapGrowth } from "./memory";
import { gracefulShutdown, requestsInHand } from "./shutdown";
import { openMigratedDatabase, StartupError } from "./startup";

async function main(): Promise<void> {
  limitHeapGrowth();
  const demo = process.argv.includes("--demo");
  const config = loadConfig();
  // Until the server runs there is nothing to hand back, and migrations are transactional: a stop ends it at once.
  const stopEarly = () => process.exit(0);
  process.once("SIGINT", stopEarly);
  process.once("SIGTERM", stopEarly);
  // The app's modules load while the database boots: start-up is the slower of the two, not their sum.
  const [database, { createApp }] = await Promise.all([
    openMigratedDatabase(config, "server"),
    import("./app"),
  ]);
  const log = createLogger(config.logLevel);
  const demoReady = demo && (await prepareDemo(database.db));
  let worker: Worker | undefined;
  const app = createApp({
    db: database.db,
    readDb: database.readDb,
    config,
    log,
    wakeWorker: () => worker?.wake(),
  });
  const requests = requestsInHand();
  const server = serve({
    fetch: requests.track(app.fetch),
    port: config.port,
    hostname: config.host,
  }) as Server;
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
  const handlers = jobHandlersFor(config);
  worker = startWorker({ db: database.db, log, handlers, leaseMs: config.jobLeaseMs });
  const shutdown = gracefulShutdown(server, requests, worker, database, log);
  process.off("SIGINT", stopEarly);
  process.off("SIGTERM", stopEarly);
  process.once("SIGINT", shutdown.stop);
  process.once("SIGTERM", shutdown.stop);
  console.log(`Roundtable on ${database.description}: ${config.publicUrl}`);
  if (demoReady) console.log(`Demo sign-in: ${demoAdmin.email} / ${demoAdmin.password}`);
  if (demo && !demoReady) console.log("This database already has data: the demo network was not loaded.");
  // A stop may close the database under these last steps: a failure then is the stop's doing, not start-up's.
  const unlessStopping = (error: unknown) => {
    if (!shutdown.stopping()) throw error;
  };
  await printFirstRunSetupLink(database.db, config.publicUrl).catch(unlessStopping);
  await scheduleRecurringJobs(database.db, handlers).catch(unlessStopping);
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof StartupError || error instanceof DataDirLockedError;
  process.stderr.write(
    `${known ? (error as Error).message : `Roundtable could not start: ${describeError(error)}`}\n`,
  );
  process.exit(1);
});
