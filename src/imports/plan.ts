/**
 * The plan of an import: what each staged line (stage.ts) will do, computed without writing anything. The lines that
 * are one record are grouped and matched to the directory first (`preparePlan`: only their key fields in memory);
 * the records are then built a chunk of groups at a time (`planChunks`), for the preview to count and list
 * (summary.ts) and for the import to write (apply.ts) as they come. Lines with a refused value are rejected whole:
 * nothing of them is written, not even the organisation they name.
 */
import type { Db, Tx } from "../db/client";
import { organizationsByName } from "./existing";
import type { ImportKind } from "./fields";
import { sameNameKey, type Values } from "./merge";
import {
  OrganizationIndex,
  type OrganizationRecord,
  planOrganizations,
  type TakenAsExisting,
} from "./plan-organizations";
import { type ActivityForImport, type ParticipationRecord, planParticipations } from "./plan-participants";
import { buildPeople, groupPeople, type PeopleGrouping, type PersonRecord } from "./plan-people";
import { keyRows, nextTurn, valuesOfLines } from "./stage";

export type { ImportKind };

export type PlanOptions = {
  kind: ImportKind;
  importId: number;
  /** The staging of the import's lines to plan. */
  staging: number;
  /** The fields whose stored values the file's replace (chosen on the preview); others are only filled when empty. */
  overwrite: ReadonlySet<string>;
  /** The file's organisation names taken as ones in the directory (chosen on the preview): same-name key → id. */
  sameAs?: ReadonlyMap<string, number>;
  /** The activity of a participants import. */
  activity?: ActivityForImport;
  today: string;
};

/** What is known before any record is built: which staged lines are one record, and whom each record is. */
export type PreparedPlan = {
  options: PlanOptions;
  index: OrganizationIndex;
  /** The organisations a people or roster file names that the directory lacks (all of them: they are written first). */
  organizations: OrganizationRecord[];
} /** An organisations file: the lines of each organisation, in file order. */ & (
  | { kind: "organizations"; groups: number[][] }
  | { kind: "people" | "participants"; people: PeopleGrouping }
);

/** The records of some groups: organisations (an organisations file), or people and their roster rows. */
export type PlanChunk = {
  organizations: OrganizationRecord[];
  people: PersonRecord[];
  /** For a roster file: one per person of the chunk (`person` is its index in the chunk's people). */
  participations: ParticipationRecord[];
};

/** How many groups' records are built at once. */
const groupsPerChunk = 2_000;

export async function preparePlan(db: Db, options: PlanOptions): Promise<PreparedPlan> {
  const index = new OrganizationIndex(await organizationsByName(db), options.sameAs);
  const rows = await keyRows(db, options.staging, options.kind);
  if (options.kind === "organizations") {
    // One record per distinct name, in file order.
    const groupOf = new Map<string, number[]>();
    for (const row of rows) {
      const key = sameNameKey(String(row.values.name));
      const group = groupOf.get(key);
      if (group) group.push(row.line);
      else groupOf.set(key, [row.line]);
    }
    return { kind: "organizations", options, index, organizations: [], groups: [...groupOf.values()] };
  }
  if (options.kind === "participants" && !options.activity) {
    throw new Error("a participants import needs its activity");
  }
  const named = { index, records: [] as OrganizationRecord[], recordOfName: new Map<string, number>() };
  const people = await groupPeople(db, options.staging, rows, named);
  return { kind: options.kind, options, index, organizations: named.records, people };
}

/** The records, a chunk of groups at a time, in file order (of each record's first line). */
export async function* planChunks(db: Db | Tx, plan: PreparedPlan): AsyncGenerator<PlanChunk> {
  const { staging, overwrite } = plan.options;
  const groups = plan.kind === "organizations" ? plan.groups : plan.people.groups.map((group) => group.lines);
  for (let start = 0; start < groups.length; start += groupsPerChunk) {
    await nextTurn();
    const at = Array.from({ length: Math.min(groupsPerChunk, groups.length - start) }, (_, i) => start + i);
    const lines = at.flatMap((group) => groups[group] ?? []);
    const valuesOfLine = await valuesOfLines(db, staging, lines);
    if (plan.kind === "organizations") {
      // Each group's lines together, groups in order: the records come out one per group, in the same order.
      const grouped = lines.map((line) => ({ line, values: valuesOfLine.get(line) ?? {} }));
      yield {
        organizations: planOrganizations(grouped, plan.index, overwrite),
        people: [],
        participations: [],
      };
      continue;
    }
    const people = buildPeople(plan.people, at, valuesOfLine, overwrite, plan.options.today);
    const participations = plan.options.activity
      ? await planParticipations(
          db,
          plan.options.activity,
          people,
          sheetValuesOf(valuesOfLine),
          plan.options.today,
        )
      : [];
    yield { organizations: [], people, participations };
  }
}

/** A roster file's role and status for a person: the first their lines give. */
const sheetValuesOf =
  (valuesOfLine: ReadonlyMap<number, Values>) =>
  (person: PersonRecord): Values => {
    const rows = person.lines.map((line) => valuesOfLine.get(line) ?? {});
    return {
      role: rows.map((values) => values.role).find((value) => value) ?? null,
      status: rows.map((values) => values.status).find((value) => value) ?? null,
    };
  };

/** The file's names the coordinator took as organisations of the directory, as far as the plan has met them. */
export const takenAsExisting = (plan: PreparedPlan): TakenAsExisting[] => [...plan.index.taken.values()];
