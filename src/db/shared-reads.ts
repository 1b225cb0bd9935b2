/**
 * Concurrent requests for the same expensive read share one run of it. A run is shared only by requests that arrived
 * before it began, so each answer comes from a snapshot taken after its request arrived: the same answer it could
 * have got alone, never an older one. Nothing is kept once the run is over (no cache to expire or to disagree
 * between instances). See docs/decisions/0014-load.md.
 */
import type { Db } from "./client";

type Flight = { running: Promise<unknown>; next: Promise<unknown> | null };

/** In-flight runs by database (tests run many apps in one process) and key. */
const flightsByDb = new WeakMap<Db, Map<string, Flight>>();

/**
 * `read()`'s answer, shared with the other requests for `key` on `db` that arrive before it begins. While a run for
 * the key is going, it began before this request, so the request waits for the next run (one, for all who arrive
 * meanwhile), which begins when the current one ends. `key` must name everything the answer depends on.
 */
export function sharedRead<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  let flights = flightsByDb.get(db);
  if (!flights) {
    flights = new Map();
    flightsByDb.set(db, flights);
  }
  const found = flights.get(key);
  if (!found) return begin(flights, key, read);
  const next = () => begin(flights, key, read);
  found.next ??= found.running.then(next, next);
  return found.next as Promise<T>;
}

function begin<T>(flights: Map<string, Flight>, key: string, read: () => Promise<T>): Promise<T> {
  const running = read();
  const flight: Flight = { running, next: null };
  flights.set(key, flight);
  // The last run for the key leaves nothing behind; a run that has a next one leaves it to replace this one.
  const end = () => {
    if (flights.get(key) === flight && flight.next === null) flights.delete(key);
  };
  running.then(end, end);
  return running;
}
