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

/**
 * Union–find over row indexes: rows sharing any key (an email, a phone, a name at an organisation) become one group,
 * unless their `identities` differ (two emails: two people who share an office phone stay two).
 */
export function groupRows(keysOfRow: string[][], identities: (string | null)[] = []): number[][] {
  const parent = keysOfRow.map((_, index) => index);
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
  const identityOf = new Map<number, string>();
  keysOfRow.forEach((_, index) => {
    const identity = identities[index];
    if (identity) identityOf.set(index, identity);
  });
  const union = (a: number, b: number) => {
    const [rootA, rootB] = [find(a), find(b)];
    if (rootA === rootB) return;
    const [idA, idB] = [identityOf.get(rootA), identityOf.get(rootB)];
    if (idA && idB && idA !== idB) return;
    parent[rootA] = rootB;
    if (idA) identityOf.set(rootB, idA);
  };
  const firstWithKey = new Map<string, number>();
  keysOfRow.forEach((keys, index) => {
    for (const key of keys) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, index);
      else union(index, first);
    }
  });
  const groups = new Map<number, number[]>();
  keysOfRow.forEach((_, index) => {
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(index);
    else groups.set(root, [index]);
  });
  // In file order: a group is where its first row is.
  return [...groups.values()].sort((a, b) => (a[0] as number) - (b[0] as number));
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
