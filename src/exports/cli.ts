/** `roundtable export people|organizations|participations [--out FILE]`: the same lists as the downloads in the UI. */
import { writeFileSync } from "node:fs";
import type { Db } from "../db/client";
import { createTranslator } from "../i18n";
import { CliProblem } from "../imports/cli";
import { organizationsCsv } from "../organizations/export";
import { organizationFiltersSchema } from "../organizations/validation";
import { participationsCsv } from "../participants/export";
import { peopleCsv } from "../people/export";
import { peopleFiltersSchema } from "../people/validation";
import { recordAccess } from "../protection/access-log";
import { toCsv } from "./csv";
import type { ListExport } from "./send";
import { toXlsx } from "./xlsx";

const en = createTranslator("en");

async function load(db: Db, what: string | undefined): Promise<ListExport> {
  // The command line is the operator's: every field.
  if (what === "people") return peopleCsv(db, peopleFiltersSchema.parse({}), en, true);
  if (what === "organizations") return organizationsCsv(db, organizationFiltersSchema.parse({}), en);
  if (what === "participations") return participationsCsv(db, en);
  throw new CliProblem("Usage: export people|organizations|participations [--out FILE]");
}

/** To a file (an Excel workbook when its name ends in .xlsx, else CSV) or, as CSV, to standard output. */
export async function exportCommand(db: Db, what: string | undefined, out: string | boolean | undefined) {
  const list = await load(db, what);
  const format = typeof out === "string" && /\.xlsx$/i.test(out) ? "xlsx" : "csv";
  // Written before the file: an export the log does not know of must not happen. No user: the operator's shell.
  await recordAccess(db, {
    userId: null,
    kind: "export",
    what: `cli:${list.entityType}.${format}`,
    personIds: list.personIds ?? [],
    detail: { format, rows: list.rows.length, to: typeof out === "string" ? "file" : "stdout" },
  });
  if (typeof out === "string") {
    const body =
      format === "xlsx" ? toXlsx(String(what), list.headers, list.rows) : toCsv(list.headers, list.rows);
    writeFileSync(out, body);
    console.log(`Wrote ${list.rows.length} rows to ${out}.`);
  } else {
    process.stdout.write(toCsv(list.headers, list.rows));
  }
}
