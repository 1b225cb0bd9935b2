/**
 * `roundtable import FILE --kind …` and `roundtable import undo ID`: the wizard's twin on the same code path, for
 * scripts. Problems are thrown as CliProblem (one line, exit code 1); a run prints its counts, or one JSON object.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { activities } from "../db/schema";
import { importKinds } from "../db/schema/enums";
import { createTranslator } from "../i18n";
import { delimiterNamed } from "./delimiter";
import { encodingNamed, encodings } from "./encoding";
import { fieldKeys } from "./fields";
import { runImport } from "./job";
import {
  createImport,
  ensureStaged,
  fileToImport,
  getImport,
  type ImportRecord,
  maxCommandLineFileBytes,
  previewOf,
} from "./run";
import { undoImport } from "./undo";

export class CliProblem extends Error {}

const en = createTranslator("en");
const actor = { userId: null, requestId: "cli" };

const mappingFile = z.object({ columns: z.record(z.string(), z.string()) });

type Options = Record<string, string | boolean | undefined>;

function readMapping(path: string, kind: (typeof importKinds)[number]) {
  let parsed: z.infer<typeof mappingFile>;
  try {
    parsed = mappingFile.parse(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    throw new CliProblem(`--mapping ${path}: expected {"columns": {"<header>": "<field key>"}}.`);
  }
  const known = fieldKeys(kind) as readonly string[];
  const unknown = Object.values(parsed.columns).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new CliProblem(
      `--mapping: unknown field key ${unknown.join(", ")}; for ${kind}: ${known.join(", ")}.`,
    );
  }
  return parsed.columns;
}

/** `leaseMs`: how long the import's job stays this process's without a heartbeat (JOB_LEASE_SECONDS). */
export async function importCommand(
  db: Db,
  file: string | undefined,
  options: Options,
  today: string,
  leaseMs: number,
) {
  const kind = importKinds.find((k) => k === options.kind);
  if (!file || !kind) throw new CliProblem(`Usage: import FILE --kind ${importKinds.join("|")} [options]`);
  const encoding = options.encoding === undefined ? undefined : encodingNamed(String(options.encoding));
  if (options.encoding !== undefined && !encoding)
    throw new CliProblem(`--encoding: one of ${encodings.join(", ")} (or iso-8859-9).`);
  const delimiter = options.delimiter === undefined ? undefined : delimiterNamed(String(options.delimiter));
  if (options.delimiter !== undefined && !delimiter) throw new CliProblem(`--delimiter: one of , ; tab |.`);
  let activityId: number | null = null;
  if (kind === "participants") {
    activityId = Number(options.activity);
    const [activity] = Number.isInteger(activityId)
      ? await db.select({ id: activities.id }).from(activities).where(eq(activities.id, activityId))
      : [];
    if (!activity)
      throw new CliProblem("--activity: the id of an existing activity is needed for participants.");
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliProblem(`Cannot read ${file}.`);
  }
  if (size > maxCommandLineFileBytes)
    throw new CliProblem("The file is larger than 256 MB. Split it into smaller files.");
  const columnsByHeader =
    typeof options.mapping === "string" ? readMapping(options.mapping, kind) : undefined;
  const prepared = await fileToImport(
    new Uint8Array(readFileSync(file)),
    typeof options.sheet === "string" ? options.sheet : undefined,
  );
  if (!prepared.ok) throw new CliProblem(en.t(`imports.problem.${prepared.problem}`));
  const { bytes, workbook } = prepared;
  const created = await createImport(db, { kind, activityId, fileName: basename(file), bytes }, actor, {
    encoding,
    delimiter,
    columnsByHeader,
    fromWorkbook: workbook !== undefined,
  });
  if (!created.ok) throw new CliProblem(en.t(`imports.problem.${created.problem}`));
  const record = await getImport(db, created.id);
  if (!record) throw new CliProblem("The import vanished.");
  const counts = options["dry-run"]
    ? await dryRun(db, record, today)
    : await runImport(db, created.id, actor, today, { leaseMs }).then((result) => {
        if (!result.ok) throw new CliProblem(`The import failed and wrote nothing: ${result.error}`);
        return result.summary.counts;
      });
  const result = { importId: created.id, ...counts };
  if (options.json) console.log(JSON.stringify(result));
  else {
    const verb = options["dry-run"] ? "Would import" : "Imported";
    console.log(
      `${verb} ${basename(file)} (import ${created.id}): ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.rejected} ${counts.rejected === 1 ? "line" : "lines"} rejected, ${counts.possibleDuplicates} possible duplicates; ${counts.peopleCreated} people and ${counts.organizationsCreated} organisations created.`,
    );
  }
}

/** What the import would do: its lines are staged (a dry run writes no record of the directory), then planned. */
async function dryRun(db: Db, record: ImportRecord, today: string) {
  const staged = await ensureStaged(db, record);
  if (!staged.ok) throw new CliProblem(en.t(`imports.problem.${staged.problem}`));
  const summary = await previewOf(db, (await getImport(db, record.id)) ?? record, today);
  if (!summary) throw new CliProblem("The import's lines were staged anew meanwhile: try again.");
  return summary.counts;
}

/** Runs a stored import again: one that failed, or one cut off when its process died, once its job's lease lapsed. */
export async function rerunCommand(
  db: Db,
  id: string | undefined,
  options: Options,
  today: string,
  leaseMs: number,
) {
  const importId = Number(id);
  if (!Number.isInteger(importId) || importId <= 0) throw new CliProblem("Usage: import run ID");
  const result = await runImport(db, importId, actor, today, { leaseMs });
  if (!result.ok) throw new CliProblem(`Import ${importId} did not run: ${result.error}.`);
  const counts = { importId, ...result.summary.counts };
  console.log(
    options.json
      ? JSON.stringify(counts)
      : `Import ${importId} ran: ${JSON.stringify(result.summary.counts)}`,
  );
}

export async function undoCommand(db: Db, id: string | undefined) {
  const importId = Number(id);
  if (!Number.isInteger(importId) || importId <= 0) throw new CliProblem("Usage: import undo ID");
  const result = await db.transaction((tx) => undoImport(tx, importId, actor));
  if (!result.ok) {
    const names = "names" in result ? ` ${result.names.join(", ")}` : "";
    throw new CliProblem(`${en.t(`imports.undo.${result.reason}`)}${names}`);
  }
  console.log(`Import ${importId} undone.`);
}
