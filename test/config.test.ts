/** Settings: sensible defaults, and a refusal naming the setting for every value an operator can get wrong. */
import { describe, expect, it } from "vitest";
import { ConfigError, describeDatabase, loadConfig } from "../src/config";

function problemWith(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  it("runs on port 3000 with embedded PGlite in ./data when nothing is set", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: "pglite", dataDir: "./data" });
    expect(config.jobLeaseMs).toBe(30_000);
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.secureCookies).toBe(false);
  });

  it("treats an empty DATABASE_URL like an unset one", () => {
    expect(loadConfig({ DATABASE_URL: "" }).database.kind).toBe("pglite");
  });

  it("uses the PostgreSQL server named by DATABASE_URL", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://crm@db.example:6543/roundtable", PORT: "8080" });
    expect(config.port).toBe(8080);
    expect(config.database).toMatchObject({
      kind: "postgres",
      url: "postgres://crm@db.example:6543/roundtable",
    });
  });

  it("uses PUBLIC_URL without its trailing slash and sends secure cookies over https", () => {
    const config = loadConfig({ PUBLIC_URL: "https://crm.example.org/" });
    expect(config.publicUrl).toBe("https://crm.example.org");
    expect(config.secureCookies).toBe(true);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "0"],
    ["DATABASE_URL", "not-a-url"],
    ["DATABASE_URL", "mysql://x"],
    ["PUBLIC_URL", "not a url"],
    ["PUBLIC_URL", "ftp://crm.example.org"],
    ["JOB_LEASE_SECONDS", "60"],
    ["JOB_LEASE_SECONDS", "soon"],
  ])("refuses %s=%s with a message naming the setting", (setting, value) => {
    const error = problemWith({ [setting]: value });
    expect(error.message).toContain(setting);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${setting} `));
  });

  it("reads reports and exports from DATABASE_REPLICA_URL, and leases jobs for 30 s unless told", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://crm@db.example/roundtable",
      DATABASE_REPLICA_URL: "postgres://reader@replica.example/roundtable",
    });
    expect(config.database).toMatchObject({ replicaUrl: "postgres://reader@replica.example/roundtable" });
    expect(config.jobLeaseMs).toBe(30_000);
    expect(loadConfig({ JOB_LEASE_SECONDS: "5" }).jobLeaseMs).toBe(5000);
  });

  it("refuses a replica without DATABASE_URL, saying why", () => {
    const error = problemWith({ DATABASE_REPLICA_URL: "postgres://reader@replica.example/roundtable" });
    expect(error.message).toContain("DATABASE_REPLICA_URL needs DATABASE_URL");
  });

  it("keeps mail in the outbox without SMTP_URL, sends from the public host unless told, and refuses bad mail settings", () => {
    expect(loadConfig({ PUBLIC_URL: "https://crm.example.org" }).mail).toEqual({
      from: "Roundtable <roundtable@crm.example.org>",
    });
    const set = loadConfig({
      SMTP_URL: "smtps://crm:secret@mail.example.org:465",
      MAIL_FROM: "CRM <crm@example.org>",
    });
    expect(set.mail).toEqual({
      smtpUrl: "smtps://crm:secret@mail.example.org:465",
      from: "CRM <crm@example.org>",
    });
    const problem = problemWith({ SMTP_URL: "mail.example.org", MAIL_FROM: "Roundtable" });
    expect(problem.problems).toEqual([
      "SMTP_URL must be an smtp:// or smtps:// URL, like smtps://user:password@mail.example.org:465",
      "MAIL_FROM must be an address, like Roundtable <crm@example.org>",
    ]);
  });

  it("names every bad setting at once", () => {
    const error = problemWith({ PORT: "abc", DATABASE_URL: "mysql://x" });
    expect(error.message).toContain("PORT");
    expect(error.message).toContain("DATABASE_URL");
  });
});

describe("describeDatabase", () => {
  it("names the embedded database folder", () => {
    expect(describeDatabase(loadConfig({ DATA_DIR: "/srv/roundtable" }))).toContain("/srv/roundtable");
  });

  it.each([
    "postgres://crm:s3cret-pass@db.example:6543/roundtable",
    "postgresql://crm:s3cret-pass@db.example/roundtable?sslmode=require",
    "postgres://crm@db.example/roundtable?password=s3cret-pass",
  ])("shows host and database but never the password of %s", (url) => {
    const description = describeDatabase(loadConfig({ DATABASE_URL: url }));
    expect(description).toContain("db.example");
    expect(description).toContain("/roundtable");
    expect(description).not.toContain("s3cret-pass");
  });
});
