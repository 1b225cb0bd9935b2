/** The only reader of process.env: parses the settings once and refuses to start with a readable list of what is wrong. */
import { z } from "zod";

const port = z
  .string()
  .regex(/^\d+$/, "must be a whole number, like 3000")
  .transform(Number)
  .refine((value) => value > 0 && value < 65536, "must be between 1 and 65535");

const postgresUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    message: "must be a PostgreSQL URL, like postgres://user:password@host:5432/database",
  });

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: "must be an http:// or https:// URL, like https://crm.example.org",
  });

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z
    .string()
    .regex(/^\d+$/, "must be a whole number, like 10")
    .transform(Number)
    .default(10),
  DATABASE_REPLICA_URL: postgresUrl.optional(),
  JOB_LEASE_SECONDS: z
    .string()
    .regex(/^\d+$/, "must be a whole number of seconds, like 30")
    .transform(Number)
    .refine((value) => value >= 2 && value <= 30, "must be between 2 and 30")
    .default(30),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: httpUrl.optional(),
  TRUST_PROXY: z.enum(["true", "false"], { message: "must be true or false" }).default("false"),
  TIME_ZONE: z
    .string()
    .refine((zone) => isTimeZone(zone), "must be an IANA time zone, like Asia/Baku")
    .default(Intl.DateTimeFormat().resolvedOptions().timeZone),
  SMTP_URL: z
    .string()
    .refine((value) => URL.canParse(value) && /^smtps?:$/.test(new URL(value).protocol), {
      message: "must be an smtp:// or smtps:// URL, like smtps://user:password@mail.example.org:465",
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/, {
      message: "must be an address, like Roundtable <crm@example.org>",
    })
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Config = {
  port: number;
  host: string;
  database:
    | { kind: "pglite"; dataDir: string }
    | { kind: "postgres"; url: string; poolSize: number; replicaUrl?: string };
  /** How long a job stays its worker's without a heartbeat: a dead worker's job is taken again after this. */
  jobLeaseMs: number;
  /** The origin users reach the app at: used for links, CSRF and secure cookies. */
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean;
  /** Outgoing mail: without an SMTP server, messages wait in the admins' outbox (src/mail). */
  mail: MailSettings;
  /** Where "today" is and how times of day are shown. */
  timeZone: string;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
};

export type MailSettings = { smtpUrl?: string; from: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Roundtable cannot start: ${problems.join("; ")}`);
  }
}

/** Reads the configuration from an environment (process.env by default). Throws ConfigError naming each bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    throw new ConfigError(["DATABASE_REPLICA_URL needs DATABASE_URL: a replica is of a PostgreSQL server"]);
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? {
          kind: "postgres",
          url: e.DATABASE_URL,
          poolSize: e.DATABASE_POOL_SIZE,
          replicaUrl: e.DATABASE_REPLICA_URL,
        }
      : { kind: "pglite", dataDir: e.DATA_DIR },
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
    publicUrl,
    secureCookies: publicUrl.startsWith("https:"),
    trustProxy: e.TRUST_PROXY === "true",
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? `Roundtable <roundtable@${new URL(publicUrl).hostname}>`,
    },
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
  };
}

/** Where the database lives, for the first line of output; never includes a password. */
export function describeDatabase(config: Config): string {
  if (config.database.kind === "pglite") return `embedded PGlite in ${config.database.dataDir}`;
  const url = new URL(config.database.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
