/** `roundtable export people|organizations|participations [--out FILE]`: the same CSV as the download in the UI. */
import { writeFileSync } from "node:fs";
import type { Db } from "../db/client";
import { createTranslator } from "../i18n";
import { CliProblem } from "../imports/cli";
import { organizationsCsv } from "../organizations/export";
import { organizationFiltersSchema } from "../organizations/validation";
import { participationsCsv } from "../participants/export";
import { peopleCsv } from "../people/export";
import { peopleFiltersSchema } from "../people/validation";
import { toCsv } from "./csv";

const en = createTranslator("en");

async function load(db: Db, what: string | undefined) {
  if (what === "people") return peopleCsv(db, peopleFiltersSchema.parse({}), en);
  if (what === "organizations") return organizationsCsv(db, organizationFiltersSchema.parse({}), en);
  if (what === "participations") return participationsCsv(db, en);
  throw new CliProblem("Usage: export people|organizations|participations [--out FILE]");
}

export async function exportCommand(db: Db, what: string | undefined, out: string | boolean | undefined) {
  const csv = await load(db, what);
  const body = toCsv(csv.headers, csv.rows);
  if (typeof out === "string") {
    writeFileSync(out, body);
    console.log(`Wrote ${csv.rows.length} rows to ${out}.`);
  } else {
    process.stdout.write(body);
  }
}
