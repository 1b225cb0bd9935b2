/**
 * Prepared statements on PostgreSQL (decision 16). drizzle sends every query through postgres.js's `unsafe` as an
 * unnamed statement, which PostgreSQL parses and plans again on every execution: on a person's page that was 4 of its
 * 4.7 ms in the database, against 0.7 ms of executing. Here the client drizzle is given prepares them instead, once
 * per connection and query text; a plan PostgreSQL keeps for a prepared statement is re-made when a table it reads
 * changes shape.
 *
 * Left unprepared: statements without parameters (postgres.js sends those with the simple protocol, which may hold
 * several statements) and those with more than `maxPreparedParameters`, the long multi-row inserts and id lists
 * whose texts vary with their length and would fill each connection's statement cache for one use.
 */
import type { Sql } from "postgres";

export const maxPreparedParameters = 100;

type Unsafe = Sql["unsafe"];
type Callback = (sql: Sql) => unknown;

/** `sql`, with its queries prepared, in transactions and savepoints too. */
export function preparingStatements<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === "unsafe") return preparedUnsafe(value as Unsafe);
      if (property === "begin" || property === "savepoint") return passingPrepared(value);
      return value;
    },
  });
}

function preparedUnsafe(unsafe: Unsafe): Unsafe {
  return ((query: string, parameters?: unknown[], options?: object) => {
    const prepare =
      Array.isArray(parameters) && parameters.length > 0 && parameters.length <= maxPreparedParameters;
    return unsafe(query, parameters as never, { ...options, prepare });
  }) as Unsafe;
}

/** `begin` and `savepoint` take their callback last, after optional settings or a name. */
function passingPrepared(method: unknown) {
  return (...args: unknown[]) => {
    const callback = args.pop() as Callback;
    return (method as (...all: unknown[]) => unknown)(...args, (sql: Sql) =>
      callback(preparingStatements(sql)),
    );
  };
}
