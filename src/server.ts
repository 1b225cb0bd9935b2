/**
 * Entry point: config → database → migrate → app → listen → job worker. `--demo` loads the demo network first.
 * SIGTERM or SIGINT: no new connections, running requests finish, the running job is handed back, exit in 10 s.
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { ConfigError, loadConfig } from "./config";
import { DataDirLockedError } from "./db/lock";
import { demoAdmin, prepareDemo, printFirstRunSetupLink } from "./first-run";
import { jobHandlers } from "./jobs/handlers";
import { scheduleRecurringJobs, startWorker, type Worker } from "./jobs/worker";
import { createLogger, describeError, type Logger } from "./log";
import { type OpenedDatabase, openMigratedDatabase, StartupError } from "./startup";

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
  const worker = startWorker({ db: database.db, log, handlers: jobHandlers, leaseMs: config.jobLeaseMs });
  const app = createApp({ db: database.db, readDb: database.readDb, config, log, wakeWorker: worker.wake });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
  // From the first job on, a stop request finishes cleanly.
  const stop = stopGracefully(server, worker, database, log);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
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
    await worker.stop(1000);
    await database.close();
    throw error;
  });
  console.log(`Roundtable on ${database.description}: ${config.publicUrl}`);
  if (demoReady) console.log(`Demo sign-in: ${demoAdmin.email} / ${demoAdmin.password}`);
  if (demo && !demoReady) console.log("This database already has data: the demo network was not loaded.");
  await printFirstRunSetupLink(database.db, config.publicUrl);
  await scheduleRecurringJobs(database.db, jobHandlers);
}

/** What running requests and the running job get to finish on SIGTERM: exit comes within 10 s, closing included. */
const shutdownGraceMs = 7000;

function stopGracefully(server: Server, worker: Worker, database: OpenedDatabase, log: Logger) {
  return async () => {
    const stopped = Date.now();
    // Keep-alive connections idle between requests close now; those mid-request close when their answer is sent.
    const requestsDone = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.all([
      worker.stop(shutdownGraceMs),
      Promise.race([requestsDone, new Promise((resolve) => setTimeout(resolve, shutdownGraceMs).unref())]),
    ]);
    server.closeAllConnections();
    // A job still writing after the grace is cut off with its connection: it rolls back and its lease lapses.
    await Promise.race([
      database.close().catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    log.info("stopped", { ms: Date.now() - stopped });
    process.exit(0);
  };
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof StartupError || error instanceof DataDirLockedError;
  process.stderr.write(
    `${known ? (error as Error).message : `Roundtable could not start: ${describeError(error)}`}\n`,
  );
  process.exit(1);
});
