/**
 * What an import will do or did, as the preview and the result show it: whole counts, and the first few of each list
 * (refused lines, possible duplicates, updates, new records, new organisations, differing values). It is gathered as
 * the plan's chunks go by, so it stays small however long the file is.
 */
import { isConsentField } from "../consent/validation";
import type { Db, Tx } from "../db/client";
import type { Change } from "./merge";
import { type PlanChunk, type PreparedPlan, takenAsExisting } from "./plan";
import type { OrganizationRecord, Outcome, TakenAsExisting } from "./plan-organizations";
import { notedLines, type PlanLine } from "./stage";

export type ImportCounts = {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  possibleDuplicates: number;
  organizationsCreated: number;
  peopleCreated: number;
};

/** A record as the lists name it. */
export type Described = {
  name: string;
  lines: number[];
  changes: Change[];
  outcome: Outcome;
  similarTo?: { id: number; name: string };
};

/** The first items of a list, and how long the whole list is. */
export type Sample<T> = { items: T[]; total: number };

export type ImportSummary = {
  kind: PreparedPlan["kind"];
  counts: ImportCounts;
  rejected: Sample<PlanLine>;
  warned: Sample<PlanLine>;
  duplicates: Sample<Described>;
  updates: Sample<Described>;
  created: Sample<Described>;
  /** The organisations it creates, each with the one of the directory it resembles. */
  newOrganizations: Sample<{ name: string; lines: number[]; similarTo?: { id: number; name: string } }>;
  /** The file's organisation names the coordinator took as organisations of the directory. */
  takenAsExisting: TakenAsExisting[];
  /** By field, the stored values the file differs from (replaced or kept), with the first few examples. */
  differing: Record<string, Sample<{ name: string; change: Change }>>;
  /** The consent answers it records, by purpose and answer: how many people's (src/imports/consents.ts). */
  consents?: Record<string, Record<string, number>>;
};

/** Lists stop here; the counts are whole. */
export const listed = 200;
/** How many examples of a field's differences are kept. */
export const examplesListed = 3;

function sample<T>(): Sample<T> {
  return { items: [], total: 0 };
}
function add<T>(list: Sample<T>, item: () => T, limit = listed) {
  if (list.items.length < limit) list.items.push(item());
  list.total += 1;
}

/** Gathers the summary from the plan's chunks; `finish` adds the refused and warned lines. */
export class SummaryBuilder {
  private readonly counts: ImportCounts = {
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    possibleDuplicates: 0,
    organizationsCreated: 0,
    peopleCreated: 0,
  };
  private readonly lists = {
    duplicates: sample<Described>(),
    updates: sample<Described>(),
    created: sample<Described>(),
    newOrganizations: sample<ImportSummary["newOrganizations"]["items"][number]>(),
  };
  private readonly differing: ImportSummary["differing"] = {};
  private readonly consents: NonNullable<ImportSummary["consents"]> = {};

  constructor(private readonly plan: PreparedPlan) {
    // A people or roster file's new organisations are all known before the first chunk.
    this.addOrganizations(plan.organizations);
  }

  private addOrganizations(records: OrganizationRecord[]) {
    for (const record of records) {
      if (record.existing) continue;
      this.counts.organizationsCreated += 1;
      add(this.lists.newOrganizations, () => ({
        name: String(record.values.name),
        lines: record.lines,
        similarTo: record.similarTo,
      }));
    }
  }

  /** Counts a record of the import's kind (named as the lists name it) and lists it where it belongs. */
  private addMain(name: string, record: Omit<Described, "name"> & { differing?: Change[] }) {
    const { counts, lists } = this;
    if (record.outcome === "created") counts.created += 1;
    else if (record.outcome === "updated") counts.updated += 1;
    else if (record.outcome === "unchanged") counts.unchanged += 1;
    else counts.possibleDuplicates += 1;
    // Only the listed ones are described (most records of a long file are only counted).
    const described = (): Described => ({
      name,
      lines: record.lines,
      changes: record.changes,
      outcome: record.outcome,
      similarTo: record.similarTo,
    });
    const created = record.outcome === "created" || record.outcome === "possible_duplicate";
    if (record.similarTo) add(lists.duplicates, described);
    if (record.outcome === "updated") add(lists.updates, described);
    if (created) add(lists.created, described);
    for (const change of record.differing ?? []) {
      this.differing[change.field] ??= sample();
      add(
        this.differing[change.field] as Sample<{ name: string; change: Change }>,
        () => ({ name, change }),
        examplesListed,
      );
    }
  }

  add(chunk: PlanChunk) {
    if (this.plan.kind === "organizations") {
      this.addOrganizations(chunk.organizations);
      for (const record of chunk.organizations) this.addMain(String(record.values.name), record);
      return;
    }
    for (const person of chunk.people) {
      if (!person.existing) this.counts.peopleCreated += 1;
      for (const { purpose, answer } of person.consents) {
        const byStatus = this.consents[purpose] ?? {};
        byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
        this.consents[purpose] = byStatus;
      }
    }
    if (this.plan.kind === "people") {
      for (const record of chunk.people) {
        const changes = [...record.changes, ...record.consentChanges];
        this.addMain(String(record.values.fullName), { ...record, changes });
      }
      return;
    }
    for (const record of chunk.participations) {
      const person = chunk.people[record.person];
      // A roster line's consent answers are its person's.
      const changes = [...record.changes, ...(person?.consentChanges ?? [])];
      this.addMain(String(person?.values.fullName ?? ""), {
        ...record,
        changes,
        similarTo: person?.similarTo,
        differing: person?.differing?.filter((change) => isConsentField(change.field)),
      });
    }
  }

  /** The summary, with the refused and warned lines read from the staged lines. */
  async finish(db: Db | Tx): Promise<ImportSummary> {
    const { staging } = this.plan.options;
    const rejected = await notedLines(db, staging, "rejected", listed);
    const warned = await notedLines(db, staging, "warned", listed);
    return {
      kind: this.plan.kind,
      counts: { ...this.counts, rejected: rejected.total },
      rejected: { items: rejected.lines, total: rejected.total },
      warned: { items: warned.lines, total: warned.total },
      ...this.lists,
      takenAsExisting: takenAsExisting(this.plan),
      differing: this.differing,
      consents: this.consents,
    };
  }
}
