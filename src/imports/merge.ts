/**
 * What the import plans share: the same-name fold for matching, grouping the rows of a file that are one record, and
 * merging values into a record (empty fields filled, differing ones updated or kept, lists joined).
 */
import { remembered } from "../text/remembered";

/** Case, diacritics and punctuation ignored, the script kept: "YEVLAKH Refugee Assoc." ~ "Yevlakh refugee assoc". */
export const sameNameKey = remembered(foldForMatching);

function foldForMatching(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A kind of key rows are grouped by (an email, a phone, a name at an organisation): each row's, or null. */
export type KeyOfRow = (index: number) => string | null;

/**
 * For each row, the first row with the same key of one kind (-1: the row has none). One kind at a time, so only one
 * kind's keys are held at once (100,000 rows: a map of 100,000 strings, not three).
 */
function firstRowsWithSameKey(rowCount: number, keyOf: KeyOfRow): Int32Array {
  const first = new Int32Array(rowCount);
  const firstWithKey = new Map<string, number>();
  for (let index = 0; index < rowCount; index++) {
    const key = keyOf(index);
    if (key === null) {
      first[index] = -1;
      continue;
    }
    const known = firstWithKey.get(key);
    if (known === undefined) firstWithKey.set(key, index);
    first[index] = known ?? index;
  }
  return first;
}

/**
 * Union–find over row indexes: rows sharing any key (an email, a phone, a name at an organisation) become one group,
 * unless their `identities` differ (two emails: two people who share an office phone stay two). Rows are joined in
 * file order, each to the first row with the same key, kinds in the order given: the first email wins a conflict.
 * Returns the groups in file order of their first rows, each in file order.
 */
export function groupRows(
  rowCount: number,
  keyKinds: readonly KeyOfRow[],
  identities: readonly (string | null)[] = [],
): number[][] {
  const firsts = keyKinds.map((keyOf) => firstRowsWithSameKey(rowCount, keyOf));
  const parent = new Int32Array(rowCount).map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] as number;
    let node = index;
    while (parent[node] !== root) {
      const next = parent[node] as number;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  // The identity of each group, kept at its root.
  const identityOf = Array.from({ length: rowCount }, (_, index) => identities[index] ?? null);
  const union = (a: number, b: number) => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA === rootB) return;
    const [idA, idB] = [identityOf[rootA], identityOf[rootB]];
    if (idA && idB && idA !== idB) return;
    parent[rootA] = rootB;
    if (idA) identityOf[rootB] = idA;
  };
  for (let index = 0; index < rowCount; index++) {
    for (const first of firsts) {
      const other = first[index] as number;
      if (other >= 0 && other !== index) union(index, other);
    }
  }
  const groupOfRoot = new Int32Array(rowCount).fill(-1);
  const groups: number[][] = [];
  for (let index = 0; index < rowCount; index++) {
    const root = find(index);
    const group = groupOfRoot[root] as number;
    if (group >= 0) groups[group]?.push(index);
    else {
      groupOfRoot[root] = groups.length;
      groups.push([index]);
    }
  }
  return groups;
}

export type Values = Record<string, unknown>;
export type Change = { field: string; before: unknown; after: unknown };

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

/** Rows of one group as one record: the first non-empty value of each field wins; lists are joined. */
export function combineRows(rows: Values[]): Values {
  const combined: Values = {};
  for (const row of rows) {
    for (const [field, value] of Object.entries(row)) {
      if (isEmpty(value)) continue;
      const known = combined[field];
      if (Array.isArray(value)) combined[field] = [...new Set([...((known as unknown[]) ?? []), ...value])];
      else if (isEmpty(known)) combined[field] = value;
    }
  }
  return combined;
}

/**
 * What importing `incoming` over a stored record changes: an empty field is filled, a list gets the new items, and a
 * value that differs from the stored one replaces it only for the fields in `overwrite` (the coordinator's choice on
 * the preview); the directory's value is kept otherwise. Fields the file left empty change nothing. `differing`: every
 * stored value the file differs from, replaced or kept, for the preview to offer the choice.
 */
export function changesOver(
  stored: Values,
  incoming: Values,
  overwrite: ReadonlySet<string>,
): { changes: Change[]; differing: Change[] } {
  const changes: Change[] = [];
  const differing: Change[] = [];
  for (const [field, value] of Object.entries(incoming)) {
    if (isEmpty(value)) continue;
    const before = stored[field];
    if (Array.isArray(value)) {
      const had = (before as unknown[] | null) ?? [];
      const joined = [...new Set([...had, ...value])];
      if (joined.length !== had.length) changes.push({ field, before: had, after: joined });
    } else if (isEmpty(before)) {
      changes.push({ field, before: before ?? null, after: value });
    } else if (before !== value) {
      differing.push({ field, before, after: value });
      if (overwrite.has(field)) changes.push({ field, before, after: value });
    }
  }
  return { changes, differing };
}
