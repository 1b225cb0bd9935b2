/**
 * A query whose SQL is built once per database handle (drizzle's `prepare`), for the few that run on nearly every
 * request (decision 16): building a query's text from its parts took about 65 µs each time (measured alone), and a
 * person's page runs seven, a sixth of its server time. Values go in as placeholders (`sql.placeholder("name")`)
 * when it is executed.
 */
import type { Db, Tx } from "./client";

/** Built once per handle: the app's database, or a transaction (which gains nothing but may share the code). */
export function reusable<Query>(build: (db: Db | Tx) => Query): (db: Db | Tx) => Query {
  const built = new WeakMap<Db | Tx, Query>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
