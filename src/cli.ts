/** The scriptable twin of the UI: users, seed, migrate. Clear one-line errors and exit code 1 on failure. */
import { parseArgs } from "node:util";
import { loadDemoNetwork } from "../seed/load";
import { checkPasswordRules, hashPassword } from "./auth/password";
import { createUserToken, setPasswordLink } from "./auth/user-tokens";
import { createUser, EmailTakenError, findUserByEmail, listUsers } from "./auth/users";
import { ConfigError, loadConfig } from "./config";
import type { Db } from "./db/client";
import { DataDirLockedError } from "./db/lock";
import { type Role, staffRoles } from "./db/schema/enums";
import { exportCommand } from "./exports/cli";
import { createTranslator } from "./i18n";
import { CliProblem, importCommand, rerunCommand, undoCommand } from "./imports/cli";
import { describeError } from "./log";
import { limitHeapGrowth } from "./memory";
import { openMigratedDatabase, StartupError } from "./startup";
import { disableUser } from "./users/actions";
import { inviteSchema } from "./users/validation";

const usage = `Usage: roundtable <command>
  user create --email E --name N --role ${staffRoles.join("|")} [--password-stdin]
  user list
  user disable --email E
  seed        load the demo network (does nothing if it is already there)
  migrate     apply database migrations
  import FILE --kind people|organizations|participants [--activity ID] [--mapping MAPPING.json]
              [--encoding E] [--delimiter D] [--sheet NAME|NUMBER] [--dry-run] [--json]
              (FILE: CSV or text, or a workbook: .xlsx, .ods, .xls)
  import run ID       run a stored import again (after a failure or an interruption)
  import undo ID
  export people|organizations|participations [--out FILE]  (FILE.xlsx: an Excel workbook)`;

class UsageError extends Error {}
const en = createTranslator("en");
const cliActor = { userId: null, requestId: "cli" };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function createUserCommand(
  db: Db,
  options: Record<string, string | boolean | undefined>,
  publicUrl: string,
) {
  const parsed = inviteSchema.safeParse({ email: options.email, name: options.name, role: options.role });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `--${String(issue?.path[0])}: ${en.t(issue?.message as Parameters<typeof en.t>[0])}`,
    );
  }
  let passwordHash: string | null = null;
  if (options["password-stdin"]) {
    const password = await readStdin();
    const problem = checkPasswordRules(password);
    if (problem) throw new UsageError(en.t(problem));
    passwordHash = await hashPassword(password);
  }
  const input = { ...parsed.data, role: parsed.data.role as Role, passwordHash };
  const user = await db
    .transaction((tx) => createUser(tx, input, cliActor))
    .catch((error: unknown) => {
      throw error instanceof EmailTakenError
        ? new UsageError(`A user with the email ${parsed.data.email} already exists.`)
        : error;
    });
  console.log(`Created ${user.role} ${user.name} <${user.email}> (id ${user.id}).`);
  if (!passwordHash) {
    const token = await createUserToken(db, user.id, "invite", null);
    console.log(`They choose a password at ${setPasswordLink(publicUrl, token)} (valid 72 hours).`);
  }
}

async function run(args: string[]): Promise<void> {
  const { values: options, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      "password-stdin": { type: "boolean" },
      kind: { type: "string" },
      activity: { type: "string" },
      mapping: { type: "string" },
      encoding: { type: "string" },
      delimiter: { type: "string" },
      sheet: { type: "string" },
      "dry-run": { type: "boolean" },
      json: { type: "boolean" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [first, second, third] = positionals;
  // `import FILE` and `export WHAT` take an argument; the others are fixed words.
  const command =
    first === "import"
      ? second === "undo" || second === "run"
        ? `import ${second}`
        : "import"
      : first === "export"
        ? "export"
        : positionals.join(" ");
  const known = [
    "user create",
    "user list",
    "user disable",
    "seed",
    "migrate",
    "import",
    "import run",
    "import undo",
    "export",
  ];
  if (options.help || !known.includes(command)) {
    if (options.help) return console.log(usage);
    throw new UsageError(command ? `Unknown command "${command}".\n${usage}` : usage);
  }
  const config = loadConfig();
  const database = await openMigratedDatabase(config, "cli");
  try {
    const db = database.db;
    if (command === "migrate") console.log(`Migrations applied to ${database.description}.`);
    if (command === "seed") {
      const result = await loadDemoNetwork(db);
      console.log(
        result.loaded
          ? `Demo network loaded into ${database.description}.`
          : "The demo network is already loaded; nothing changed.",
      );
    }
    if (command === "user create") await createUserCommand(db, options, config.publicUrl);
    if (command === "import") await importCommand(db, second, options, en.today(), config.jobLeaseMs);
    if (command === "import undo") await undoCommand(db, third);
    if (command === "import run") await rerunCommand(db, third, options, en.today(), config.jobLeaseMs);
    if (command === "export") await exportCommand(db, second, options.out);
    if (command === "user list") {
      for (const user of await listUsers(db)) {
        console.log([user.email, user.name, user.role, user.disabledAt ? "disabled" : "active"].join("\t"));
      }
    }
    if (command === "user disable") {
      const user = options.email ? await findUserByEmail(db, options.email) : undefined;
      if (!user) throw new UsageError(`No user with the email ${options.email ?? "(missing --email)"}.`);
      const refusal = await disableUser(db, user.id, cliActor);
      if (refusal) throw new UsageError(en.t(refusal.refused));
      console.log(`Disabled ${user.email}; their sessions have ended.`);
    }
  } finally {
    await database.close();
  }
}

limitHeapGrowth();
run(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof UsageError ||
    error instanceof CliProblem ||
    error instanceof ConfigError ||
    error instanceof StartupError ||
    error instanceof DataDirLockedError;
  const parseError = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  process.stderr.write(
    `${known || parseError ? (error as Error).message : `Failed: ${describeError(error)}`}\n`,
  );
  process.exit(1);
});
