/**
 * Organisations in an import plan: the rows of an organisations file, or the organisations a people file names. Rows
 * with the same name (case, accents, punctuation aside) are one organisation; one of the directory with that name is
 * matched and updated; a name only alike in another script is created and listed as a possible duplicate.
 */
import { nameKey } from "../text/name-key";
import type { ExistingOrganization } from "./existing";
import { type Change, changesOver, combineRows, sameNameKey, type Values } from "./merge";

export type Outcome = "created" | "updated" | "unchanged" | "possible_duplicate";

export type OrganizationRecord = {
  lines: number[];
  /** Stored column → value, as the file has it (combined over its lines). */
  values: Values;
  existing: ExistingOrganization | null;
  changes: Change[];
  /** The stored values the file differs from (replaced or kept: the preview offers the choice per field). */
  differing?: Change[];
  outcome: Outcome;
  similarTo?: { id: number; name: string };
};

/** No field's stored value is replaced. */
const replaceNothing: ReadonlySet<string> = new Set();

/** Import field → organisations column. */
export const organizationColumnOf: Record<string, string> = {
  name: "name",
  type: "kind",
  country: "country",
  city: "city",
  address: "address",
  website: "website",
  email: "email",
  phone: "phone",
  sectors: "sectors",
  communities: "communitiesServed",
  tags: "tags",
  notes: "description",
};

export function toColumns(values: Values, columnOf: Record<string, string>): Values {
  const stored: Values = {};
  for (const [field, value] of Object.entries(values)) {
    const column = columnOf[field];
    if (column) stored[column] = value;
  }
  return stored;
}

/** A name of the file the coordinator said is an organisation already in the directory (on the preview). */
export type TakenAsExisting = { name: string; existing: { id: number; name: string } };

/**
 * The directory's organisations, found by the same-name key and, for possible duplicates, by the loose name key; and
 * the file's names the coordinator took as existing ones (`sameAs`: same-name key → organisation id; an id no longer
 * in the directory is ignored, and the name is created).
 */
export class OrganizationIndex {
  private readonly byLooseKey = new Map<string, ExistingOrganization>();
  private readonly sameAs = new Map<string, ExistingOrganization>();
  /** The file's names found through `sameAs`, by key, for the preview. */
  readonly taken = new Map<string, TakenAsExisting>();
  constructor(
    readonly byName: Map<string, ExistingOrganization>,
    sameAs: ReadonlyMap<string, number> = new Map(),
  ) {
    const byId = new Map<number, ExistingOrganization>();
    for (const organization of byName.values()) {
      byId.set(organization.id, organization);
      const key = organization.nameKey ?? nameKey(organization.name);
      if (key && !this.byLooseKey.has(key)) this.byLooseKey.set(key, organization);
    }
    for (const [key, id] of sameAs) {
      const organization = byId.get(id);
      if (organization && !byName.has(key)) this.sameAs.set(key, organization);
    }
  }
  find(name: string) {
    const key = sameNameKey(name);
    const found = this.byName.get(key);
    if (found) return found;
    const taken = this.sameAs.get(key);
    if (!taken) return null;
    if (!this.taken.has(key)) this.taken.set(key, { name, existing: { id: taken.id, name: taken.name } });
    return taken;
  }
  alike(name: string) {
    const key = nameKey(name);
    return key ? (this.byLooseKey.get(key) ?? null) : null;
  }
}

/** One record per distinct name, in file order. */
export function planOrganizations(
  rows: { line: number; values: Values }[],
  index: OrganizationIndex,
  overwrite: ReadonlySet<string>,
): OrganizationRecord[] {
  const records: OrganizationRecord[] = [];
  const recordOfName = new Map<string, number>();
  const valuesOf: Values[][] = [];
  for (const row of rows) {
    const name = String(row.values.name);
    const key = sameNameKey(name);
    let at = recordOfName.get(key);
    if (at === undefined) {
      at = records.length;
      recordOfName.set(key, at);
      records.push({ lines: [], values: {}, existing: index.find(name), changes: [], outcome: "created" });
      valuesOf.push([]);
    }
    records[at]?.lines.push(row.line);
    valuesOf[at]?.push(toColumns(row.values, organizationColumnOf));
  }
  records.forEach((record, at) => {
    record.values = combineRows(valuesOf[at] ?? []);
    settle(record, overwrite, index);
  });
  return records;
}

/** The record's outcome: created (or a possible duplicate), updated with its changes, or unchanged. */
function settle(record: OrganizationRecord, overwrite: ReadonlySet<string>, index: OrganizationIndex) {
  if (!record.existing) {
    const alike = index.alike(String(record.values.name));
    if (alike) {
      record.outcome = "possible_duplicate";
      record.similarTo = { id: alike.id, name: alike.name };
    }
    return;
  }
  // The stored name stays as it is: the file's spelling differs only in case or accents.
  const { name: _sameName, ...incoming } = record.values;
  const { changes, differing } = changesOver(record.existing, incoming, overwrite);
  record.changes = changes;
  record.differing = differing;
  record.outcome = record.changes.length > 0 ? "updated" : "unchanged";
}

/** An organisation a people file names: the directory's, or a new one (created once however many rows name it). */
export function organizationNamed(
  name: string,
  line: number,
  index: OrganizationIndex,
  records: OrganizationRecord[],
  recordOfName: Map<string, number>,
): { existingId: number } | { record: number } {
  const existing = index.find(name);
  if (existing) return { existingId: existing.id };
  const key = sameNameKey(name);
  let at = recordOfName.get(key);
  if (at === undefined) {
    at = records.length;
    recordOfName.set(key, at);
    const record: OrganizationRecord = {
      lines: [],
      values: { name },
      existing: null,
      changes: [],
      outcome: "created",
    };
    settle(record, replaceNothing, index);
    records.push(record);
  }
  records[at]?.lines.push(line);
  return { record: at };
}
