/** Plain one-line logs with the request id. Callers pass only safe fields: never tokens, passwords or cookies. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type Logger = {
  debug: (message: string, fields?: Record<string, unknown>) => void;
  info: (message: string, fields?: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
  error: (message: string, fields?: Record<string, unknown>) => void;
  child: (fields: Record<string, unknown>) => Logger;
};

const order: LogLevel[] = ["debug", "info", "warn", "error", "silent"];

function format(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === "string" && !/\s/.test(value) ? value : JSON.stringify(value)}`,
    )
    .join(" ");
}

export type LogSink = (level: Exclude<LogLevel, "silent">, line: string) => void;

const consoleSink: LogSink = (level, line) =>
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);

/** A logger writing one line per event to the sink (stdout/stderr by default; tests pass their own to read the lines). */
export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  sink = consoleSink,
): Logger {
  const write = (at: Exclude<LogLevel, "silent">, message: string, fields: Record<string, unknown> = {}) => {
    if (order.indexOf(at) < order.indexOf(level)) return;
    sink(
      at,
      `${new Date().toISOString()} ${at.toUpperCase()} ${message} ${format({ ...base, ...fields })}`.trimEnd(),
    );
  };
  return {
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }, sink),
  };
}

/** An error for the log: its message and first stack frames, but never a failed query's parameters (hashes, tokens). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const query = (error as { query?: unknown }).query;
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  const headline =
    typeof query === "string"
      ? `Failed query: ${query}${cause ? ` (${cause})` : ""}`
      : `${error.name}: ${error.message}`;
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  return [headline, ...frames.slice(0, 8).map((frame) => frame.trim())].join(" | ");
}
