/**
 * The plan of an import: what each line of the file will do, computed without writing anything. The preview shows it;
 * the import writes it (apply.ts). Lines with a refused value are rejected whole: nothing of them is written, not even
 * the organisation they name.
 */
import type { Db } from "../db/client";
import { organizationsByName } from "./existing";
import type { FieldKey, ImportKind } from "./fields";
import type { Values } from "./merge";
import { rowValues } from "./normalize";
import {
  OrganizationIndex,
  type OrganizationRecord,
  type Outcome,
  planOrganizations,
  type TakenAsExisting,
} from "./plan-organizations";
import { type ActivityForImport, type ParticipationRecord, planParticipations } from "./plan-participants";
import { type PersonRecord, planPeople } from "./plan-people";
import type { TableRow } from "./table";

export type { ImportKind };
export type LineProblem = ReturnType<typeof rowValues>["errors"][number];

/** A line of the file with something refused (it is rejected) or noted in it, with its cells as the file has them. */
export type PlanLine = {
  line: number;
  cells: string[];
  errors: LineProblem[];
  warnings: LineProblem[];
};

export type ImportCounts = {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  possibleDuplicates: number;
  organizationsCreated: number;
  peopleCreated: number;
};

export type ImportPlan = {
  kind: ImportKind;
  /** How many lines the file has (blank ones aside). */
  lineCount: number;
  /** Only the lines with errors or warnings: a record lists its own lines. */
  lines: PlanLine[];
  organizations: OrganizationRecord[];
  people: PersonRecord[];
  participations: ParticipationRecord[];
  /** The file's organisation names the coordinator took as ones already in the directory. */
  takenAsExisting: TakenAsExisting[];
  counts: ImportCounts;
};

export type PlanOptions = {
  kind: ImportKind;
  /** The file's header, so a refused value names its column as the file does. */
  header: string[];
  /** The file's rows, a batch at a time (a chunk of the file each). */
  batches: Iterable<TableRow[]>;
  mapping: (FieldKey | null)[];
  /** The fields whose stored values the file's replace (chosen on the preview); others are only filled when empty. */
  overwrite: ReadonlySet<string>;
  /** The file's organisation names taken as ones in the directory (chosen on the preview): same-name key → id. */
  sameAs?: ReadonlyMap<string, number>;
  /** The activity of a participants import. */
  activity?: ActivityForImport;
  today: string;
  /** Told how many lines were read so far, every few thousand (the import's progress bar). */
  onProgress?: (linesRead: number) => Promise<void>;
};

/** The records whose outcomes the import's counts are about: organisations, people, or roster rows. */
function mainRecords(plan: Omit<ImportPlan, "counts">): { outcome: Outcome }[] {
  if (plan.kind === "organizations") return plan.organizations;
  if (plan.kind === "people") return plan.people;
  return plan.participations;
}

function countOf(plan: Omit<ImportPlan, "counts">): ImportCounts {
  const records = mainRecords(plan);
  const outcomes = (outcome: Outcome) => records.filter((record) => record.outcome === outcome).length;
  return {
    created: outcomes("created"),
    updated: outcomes("updated"),
    unchanged: outcomes("unchanged"),
    rejected: plan.lines.filter((line) => line.errors.length > 0).length,
    possibleDuplicates: outcomes("possible_duplicate"),
    organizationsCreated: plan.organizations.filter((record) => !record.existing).length,
    peopleCreated: plan.people.filter((record) => !record.existing).length,
  };
}

export async function planImport(db: Db, options: PlanOptions): Promise<ImportPlan> {
  const { kind, overwrite } = options;
  const lines: PlanLine[] = [];
  const accepted: { line: number; values: Values }[] = [];
  let lineCount = 0;
  for (const rows of options.batches) {
    for (const row of rows) {
      const read = rowValues(kind, options.mapping, row.cells, options.header);
      // Only lines with something to say are kept whole: 100,000 rows of cells would otherwise stay in memory.
      if (read.errors.length > 0 || read.warnings.length > 0) {
        lines.push({ line: row.line, cells: row.cells, errors: read.errors, warnings: read.warnings });
      }
      if (read.errors.length === 0) accepted.push({ line: row.line, values: read.values });
    }
    lineCount += rows.length;
    // After each chunk of the file: say how far it got, and let other requests in (reading is pure computation).
    await options.onProgress?.(lineCount);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const index = new OrganizationIndex(await organizationsByName(db), options.sameAs);
  const plan: Omit<ImportPlan, "counts"> = {
    kind,
    lineCount,
    lines,
    organizations: [],
    people: [],
    participations: [],
    takenAsExisting: [],
  };
  if (kind === "organizations") {
    plan.organizations = planOrganizations(accepted, index, overwrite);
    plan.takenAsExisting = [...index.taken.values()];
    return { ...plan, counts: countOf(plan) };
  }
  const organizations = { index, records: plan.organizations, recordOfName: new Map<string, number>() };
  plan.people = await planPeople(db, accepted, organizations, overwrite);
  if (kind === "participants") {
    if (!options.activity) throw new Error("a participants import needs its activity");
    const valuesOfLine = new Map(accepted.map((row) => [row.line, row.values]));
    const sheetValues = (person: PersonRecord): Values => {
      const rows = person.lines.map((line) => valuesOfLine.get(line) ?? {});
      return {
        role: rows.map((values) => values.role).find((value) => value) ?? null,
        status: rows.map((values) => values.status).find((value) => value) ?? null,
      };
    };
    // One roster row per person, so the roster rows are numbered as the people are.
    plan.participations = await planParticipations(
      db,
      options.activity,
      plan.people,
      sheetValues,
      options.today,
    );
  }
  plan.takenAsExisting = [...index.taken.values()];
  return { ...plan, counts: countOf(plan) };
}
