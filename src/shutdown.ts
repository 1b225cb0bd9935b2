/**
 * Stopping the server without losing work: no new connections, running requests finish (their connections close
 * after the answer, keep-alive or not; a request whose client has gone still runs to its end, its writes with it),
 * the running job is handed back, and the process exits within 10 s.
 */
import type { Server, ServerResponse } from "node:http";
import type { Worker } from "./jobs/worker";
import type { Logger } from "./log";
import type { OpenedDatabase } from "./startup";

/** What running requests and the running job get to finish: exit comes within 10 s, closing included. */
const graceMs = 7000;

export type Shutdown = { stopping: () => boolean; stop: () => Promise<void> };

/**
 * Counts the requests the app is still handling. A connection's end is not enough: a client that gave up (a phone
 * out of signal) closes it while its request still runs, and closing the database under that request would fail it
 * halfway.
 */
export function requestsInHand() {
  let handling = 0;
  const idle = new Set<() => void>();
  return {
    track:
      <A extends unknown[]>(fetch: (...args: A) => Response | Promise<Response>) =>
      async (...args: A): Promise<Response> => {
        handling++;
        try {
          return await fetch(...args);
        } finally {
          handling--;
          if (handling === 0) for (const resolve of idle) resolve();
        }
      },
    /** Resolves once no request is being handled. */
    finished: () =>
      new Promise<void>((resolve) => {
        if (handling === 0) resolve();
        else idle.add(resolve);
      }),
  };
}

export function gracefulShutdown(
  server: Server,
  requests: ReturnType<typeof requestsInHand>,
  worker: Worker,
  database: OpenedDatabase,
  log: Logger,
): Shutdown {
  let stopping = false;
  const running = new Set<ServerResponse>();
  // A client on a keep-alive connection would go on sending requests: once stopping, each answer closes it.
  server.prependListener("request", (_request, response: ServerResponse) => {
    if (stopping) closeAfter(response);
    running.add(response);
    response.once("close", () => running.delete(response));
  });

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const connectionsClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const requestsDone = connectionsClosed.then(requests.finished);
    for (const response of running) closeAfter(response);
    server.closeIdleConnections();
    await Promise.all([
      worker.stop(graceMs),
      Promise.race([requestsDone, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]),
    ]);
    server.closeAllConnections();
    // A job still writing after the grace is cut off with its connection: it rolls back and its lease lapses.
    await Promise.race([
      database.close().catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    log.info("stopped", { ms: Date.now() - started });
    process.exit(0);
  }
  return { stopping: () => stopping, stop };
}

function closeAfter(response: ServerResponse): void {
  if (response.headersSent) return;
  response.shouldKeepAlive = false;
  response.setHeader("Connection", "close");
}
