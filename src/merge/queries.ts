/**
 * Merging two directory records and taking a merge back. The survivor gets the chosen fields and the combined
 * lists; every link row of the other record moves to it (rows the survivor already has are removed and kept in the
 * merge record); the other is archived with a pointer to the survivor. Undo puts all of it back, unless either
 * record was changed after the merge.
 */
import { and, desc, eq, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import { type Db, rowsOf, type Tx } from "../db/client";
import { merges } from "../db/schema";
import type { MergeableKind } from "../db/schema/merges";
import { matchSearchText } from "../directory/search";
import { type LinkTable, type MergeKind, mergeKinds } from "./kinds";

type Fields = Record<string, unknown>;
export type DirectoryRecord = Fields & {
  id: number;
  version: number;
  archivedAt: Date | null;
  mergedIntoId: number | null;
};
/** For each field compared side by side: keep the survivor's value or take the other's. */
export type Choices = Record<string, "survivor" | "other">;
type LinkMoves = { moved: number[]; removed: Fields[] };
type Moved = { links: Record<string, LinkMoves>; cleared: number[] };

export async function getRecord(db: Db | Tx, kind: MergeKind, id: number, forUpdate = false) {
  const query = db.select().from(kind.table).where(eq(kind.table.id, id));
  const [row] = await (forUpdate ? query.for("update") : query);
  return row as DirectoryRecord | undefined;
}

/** Both records of a pair, locked until the transaction ends; in id order, so two merges of one pair wait, not deadlock. */
async function lockPair(tx: Tx, kind: MergeKind, survivorId: number, otherId: number) {
  const [first, second] = [survivorId, otherId].sort((a, b) => a - b) as [number, number];
  const locked = [await getRecord(tx, kind, first, true), await getRecord(tx, kind, second, true)];
  return {
    survivor: locked.find((record) => record?.id === survivorId),
    other: locked.find((record) => record?.id === otherId),
  };
}

export function nameOf(kind: MergeKind, record: Fields): string {
  return String(record[kind.nameField]);
}

function combine(...lists: unknown[]): unknown[] {
  return [...new Set(lists.flatMap((list) => (Array.isArray(list) ? list : [])))];
}

/** What a value looks like empty: nothing, "" or an empty list. */
export function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)
  );
}

/** The fields the survivor will have: each chosen one from its side, lists combined, names not kept as other names. */
export function mergedFields(kind: MergeKind, survivor: Fields, other: Fields, choices: Choices): Fields {
  const merged: Fields = {};
  for (const [field, value] of Object.entries(survivor)) {
    if (kind.combined.includes(field)) merged[field] = combine(value, other[field]);
    else merged[field] = choices[field] === "other" ? other[field] : value;
  }
  if (kind.otherNamesField) {
    const name = merged[kind.nameField];
    const names = combine(merged[kind.otherNamesField], [survivor[kind.nameField], other[kind.nameField]]);
    merged[kind.otherNamesField] = names.filter((each) => each !== name);
  }
  return merged;
}

function identifier(name: string) {
  return sql.identifier(name);
}

function idsJson(ids: number[]): SQL {
  return sql`(select value::int from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
}

async function moveLink(tx: Tx, link: LinkTable, from: number, to: number): Promise<LinkMoves> {
  const [table, column] = [identifier(link.table), identifier(link.column)];
  const removed: Fields[] = [];
  if (link.sameAs.length > 0) {
    const same = sql.join(
      link.sameAs.map((name) => sql`kept.${identifier(name)} is not distinct from gone.${identifier(name)}`),
      sql` and `,
    );
    // Removes `owner`'s rows that `rival` has a repeat of (a better one, with `better`), keeping them for undo.
    const removeRepeats = async (owner: number, rival: number, better?: SQL) => {
      const result = await tx.execute(
        sql`delete from ${table} as gone where gone.${column} = ${owner}
            and exists (select 1 from ${table} as kept where kept.${column} = ${rival} and ${same}${better ?? sql``})
            returning row_to_json(gone) as row`,
      );
      removed.push(...rowsOf<{ row: Fields }>(result).map(({ row }) => row));
    };
    // The survivor's own row stays, unless the other's says more (attended rather than invited).
    if (link.rank) await removeRepeats(to, from, sql` and ${link.rank("kept")} > ${link.rank("gone")}`);
    await removeRepeats(from, to);
  }
  const result = await tx.execute(
    sql`update ${table} set ${column} = ${to} where ${column} = ${from} returning id`,
  );
  return { moved: rowsOf<{ id: number }>(result).map(({ id }) => id), removed };
}

async function moveLinks(tx: Tx, kind: MergeKind, from: number, to: number): Promise<Moved> {
  let cleared: number[] = [];
  if (kind.exclusiveFlag) {
    const { table, column, flag } = kind.exclusiveFlag;
    const [t, c, f] = [identifier(table), identifier(column), identifier(flag)];
    const result = await tx.execute(
      sql`update ${t} set ${f} = false where ${c} = ${from} and ${f}
          and exists (select 1 from ${t} where ${c} = ${to} and ${f}) returning id`,
    );
    cleared = rowsOf<{ id: number }>(result).map(({ id }) => id);
  }
  const links: Record<string, LinkMoves> = {};
  for (const link of kind.links) links[`${link.table}.${link.column}`] = await moveLink(tx, link, from, to);
  return { links, cleared };
}

async function moveLinksBack(tx: Tx, kind: MergeKind, moved: Moved, survivorId: number, otherId: number) {
  for (const link of kind.links) {
    const { moved: ids = [], removed = [] } = moved.links[`${link.table}.${link.column}`] ?? {};
    const [table, column] = [identifier(link.table), identifier(link.column)];
    if (ids.length > 0) {
      await tx.execute(
        sql`update ${table} set ${column} = ${otherId} where ${column} = ${survivorId} and id in ${idsJson(ids)}`,
      );
    }
    for (const row of removed) {
      await tx.execute(
        sql`insert into ${table} overriding system value
            select * from json_populate_record(null::${table}, ${JSON.stringify(row)}::json) on conflict do nothing`,
      );
    }
  }
  if (kind.exclusiveFlag && moved.cleared.length > 0) {
    const { table, column, flag } = kind.exclusiveFlag;
    const [t, c, f] = [identifier(table), identifier(column), identifier(flag)];
    // Unless the rows that came back already bring one (made main on the survivor after the merge).
    await tx.execute(
      sql`update ${t} set ${f} = true where ${c} = ${otherId} and id in ${idsJson(moved.cleared)}
          and not exists (select 1 from ${t} where ${c} = ${otherId} and ${f})`,
    );
  }
}

async function saveFields(tx: Tx, kind: MergeKind, record: DirectoryRecord, fields: Fields, actor: Actor) {
  await tx
    .update(kind.table)
    .set({
      ...fields,
      ...kind.searchColumns(fields),
      version: record.version + 1,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    })
    .where(eq(kind.table.id, record.id));
}

async function setMergedInto(
  tx: Tx,
  kind: MergeKind,
  record: DirectoryRecord,
  into: number | null,
  archivedAt: Date | null,
  actor: Actor,
) {
  await tx
    .update(kind.table)
    .set({
      mergedIntoId: into,
      archivedAt,
      version: record.version + 1,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    })
    .where(eq(kind.table.id, record.id));
}

export type MergeRequest = {
  survivorId: number;
  otherId: number;
  /** The versions the merge page showed: a change since then refuses the merge. */
  survivorVersion: number;
  otherVersion: number;
  choices: Choices;
};

export type MergeOutcome =
  | { outcome: "merged"; mergeId: number }
  | { outcome: "missing" }
  | { outcome: "alreadyMerged" }
  | { outcome: "changed" };

export async function mergeRecords(
  tx: Tx,
  kind: MergeKind,
  request: MergeRequest,
  actor: Actor,
): Promise<MergeOutcome> {
  const { survivor, other } = await lockPair(tx, kind, request.survivorId, request.otherId);
  if (!survivor || !other || survivor.id === other.id) return { outcome: "missing" };
  if (survivor.mergedIntoId !== null || other.mergedIntoId !== null) return { outcome: "alreadyMerged" };
  if (survivor.version !== request.survivorVersion || other.version !== request.otherVersion) {
    return { outcome: "changed" };
  }
  const before = kind.fields(survivor);
  const after = mergedFields(kind, before, kind.fields(other), request.choices);
  const moved = await moveLinks(tx, kind, other.id, survivor.id);
  await saveFields(tx, kind, survivor, after, actor);
  const archivedAt = other.archivedAt ?? new Date();
  await setMergedInto(tx, kind, other, survivor.id, archivedAt, actor);
  const [merge] = await tx
    .insert(merges)
    .values({
      kind: kind.kind,
      survivorId: survivor.id,
      mergedId: other.id,
      survivorBefore: before,
      survivorVersion: survivor.version + 1,
      mergedVersion: other.version + 1,
      mergedArchivedAt: other.archivedAt,
      moved,
      mergedBy: actor.userId,
    })
    .returning({ id: merges.id });
  const mergeId = merge?.id as number;
  const event = { ...actor, entityType: kind.kind };
  await recordAudit(tx, { ...event, action: `${kind.kind}.merge`, entityId: survivor.id, before, after });
  await recordAudit(tx, {
    ...event,
    action: `${kind.kind}.mergedInto`,
    entityId: other.id,
    before: { mergedIntoId: null },
    after: { mergedIntoId: survivor.id },
  });
  return { outcome: "merged", mergeId };
}

export type UndoOutcome =
  | { outcome: "undone"; kind: MergeKind; mergedId: number; names: [string, string] }
  | { outcome: "missing" }
  | { outcome: "alreadyUndone"; history: string }
  | { outcome: "changedSince"; name: string; history: string };

export async function undoMerge(tx: Tx, mergeId: number, actor: Actor): Promise<UndoOutcome> {
  const [merge] = await tx.select().from(merges).where(eq(merges.id, mergeId)).for("update");
  if (!merge) return { outcome: "missing" };
  const kind = mergeKinds[merge.kind];
  const history = `${kind.base}/${merge.survivorId}/history`;
  if (merge.undoneAt) return { outcome: "alreadyUndone", history };
  const { survivor, other } = await lockPair(tx, kind, merge.survivorId, merge.mergedId);
  if (!survivor || !other) return { outcome: "missing" };
  for (const [record, version] of [
    [survivor, merge.survivorVersion],
    [other, merge.mergedVersion],
  ] as const) {
    if (record.version !== version) return { outcome: "changedSince", name: nameOf(kind, record), history };
  }
  await moveLinksBack(tx, kind, merge.moved as Moved, survivor.id, other.id);
  const before = kind.fields(survivor);
  const restored = merge.survivorBefore as Fields;
  await saveFields(tx, kind, survivor, restored, actor);
  await setMergedInto(tx, kind, other, null, merge.mergedArchivedAt, actor);
  await tx
    .update(merges)
    .set({ undoneAt: new Date(), undoneBy: actor.userId })
    .where(eq(merges.id, merge.id));
  const event = { ...actor, entityType: kind.kind, action: `${kind.kind}.unmerge` };
  await recordAudit(tx, { ...event, entityId: survivor.id, before, after: restored });
  await recordAudit(tx, {
    ...event,
    entityId: other.id,
    before: { mergedIntoId: survivor.id },
    after: { mergedIntoId: null },
  });
  return {
    outcome: "undone",
    kind,
    mergedId: other.id,
    names: [nameOf(kind, restored), nameOf(kind, other)],
  };
}

export type OpenMerge = { id: number; createdAt: Date; otherId: number; otherName: string };

/** The merges a record took part in that can still be undone, newest first, each with the other record's name. */
export async function listOpenMerges(db: Db, kindName: MergeableKind, id: number): Promise<OpenMerge[]> {
  const kind = mergeKinds[kindName];
  const otherId = sql<number>`case when ${merges.survivorId} = ${id} then ${merges.mergedId} else ${merges.survivorId} end`;
  return db
    .select({
      id: merges.id,
      createdAt: merges.createdAt,
      otherId,
      otherName: sql<string>`${kind.nameColumn}`,
    })
    .from(merges)
    .innerJoin(kind.table, eq(kind.table.id, otherId))
    .where(
      and(
        eq(merges.kind, kindName),
        isNull(merges.undoneAt),
        or(eq(merges.survivorId, id), eq(merges.mergedId, id)),
      ),
    )
    .orderBy(desc(merges.id));
}

/** How many rows of each link table point at a record: what a merge would move. */
export async function countLinks(db: Db, kind: MergeKind, id: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const link of kind.links) {
    const result = await db.execute(
      sql`select count(*)::int as count from ${identifier(link.table)} where ${identifier(link.column)} = ${id}`,
    );
    counts[link.table] = rowsOf<{ count: number }>(result)[0]?.count ?? 0;
  }
  return counts;
}

/** Records a search finds to merge with this one: not itself, not already merged away; best first. */
export async function findMergeCandidates(db: Db, kind: MergeKind, id: number, query: string) {
  const match = matchSearchText(kind.table, query);
  if (!match) return [];
  return db
    .select({ id: kind.table.id, name: sql<string>`${kind.nameColumn}` })
    .from(kind.table)
    .where(and(match.where, ne(kind.table.id, id), isNull(kind.table.mergedIntoId)))
    .orderBy(desc(match.rank))
    .limit(20);
}
