/**
 * The possible-duplicates page's pairs: records (not archived) with the same email, the same phone, or the same
 * loose name key (the same name in another script or spelling, src/text/name-key.ts). Best first: pairs with more
 * reasons, then the closer their search texts. Pairs marked "not a duplicate" are left out. Each reason is an
 * equality on an indexed column, so the pairs come from index lookups, not from comparing every record with every
 * other; values shared by many records are left out (`largestSharedGroup`).
 */
import { and, desc, eq, inArray, isNull, lt, notExists, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, alias, unionAll } from "drizzle-orm/pg-core";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { duplicateDismissals } from "../db/schema";
import type { MergeableKind } from "../db/schema/merges";
import { type MergeKind, mergeKinds } from "./kinds";

export const duplicateReasons = ["email", "phone", "name"] as const;
export type DuplicateReason = (typeof duplicateReasons)[number];
export type DuplicatePair = {
  firstId: number;
  firstName: string;
  secondId: number;
  secondName: string;
  reasons: DuplicateReason[];
  similarity: number;
};

export const duplicatePairsLimit = 100;

/**
 * A value more records than this share (a common name, an office phone, an organisation's mailbox) is not taken as a
 * sign of duplicates: pairing them all would bury the real ones (100 people named alike make 4,950 pairs).
 */
export const largestSharedGroup = 5;

function candidatePairs(db: Db, kind: MergeKind) {
  const { table } = kind;
  const first = alias(table, "first");
  const second = alias(table, "second");
  // The values of `value` that between 2 and `largestSharedGroup` records (not archived) share.
  const sharedByFew = (value: SQL) =>
    db
      .select({ value: sql`${value}`.as("value") })
      .from(table)
      .where(and(isNull(table.archivedAt), sql`${value} is not null`, sql`${value} <> ''`))
      .groupBy(value)
      .having(sql`count(*) between 2 and ${largestSharedGroup}`);
  const pairsBy = (reason: DuplicateReason, firstValue: SQL, secondValue: SQL, groupValue: SQL) =>
    db
      .select({
        firstId: sql<number>`${first.id}`.as("first_id"),
        secondId: sql<number>`${second.id}`.as("second_id"),
        reason: sql<string>`${reason}`.as("reason"),
      })
      .from(first)
      .innerJoin(second, and(lt(first.id, second.id), eq(firstValue, secondValue), isNull(second.archivedAt)))
      .where(and(isNull(first.archivedAt), inArray(firstValue, sharedByFew(groupValue))));
  return unionAll(
    pairsBy("email", sql`lower(${first.email})`, sql`lower(${second.email})`, sql`lower(${table.email})`),
    pairsBy("phone", sql`${first.phone}`, sql`${second.phone}`, sql`${table.phone}`),
    pairsBy("name", sql`${first.nameKey}`, sql`${second.nameKey}`, sql`${table.nameKey}`),
  ).as("candidates");
}

export async function listDuplicatePairs(db: Db, kindName: MergeableKind): Promise<DuplicatePair[]> {
  const kind = mergeKinds[kindName];
  const candidates = candidatePairs(db, kind);
  // drizzle names a subquery's computed columns unqualified, which inside NOT EXISTS would mean the dismissal's own.
  const pair = {
    firstId: sql<number>`candidates.first_id`,
    secondId: sql<number>`candidates.second_id`,
    reason: sql<DuplicateReason>`candidates.reason`,
  };
  const first = alias(kind.table, "first_record");
  const second = alias(kind.table, "second_record");
  const nameOf = (record: object) => sql<string>`${(record as Record<string, AnyPgColumn>)[kind.nameField]}`;
  const similarity = sql<number>`similarity(${first.searchText}, ${second.searchText})`;
  const rows = await db
    .select({
      firstId: pair.firstId,
      firstName: nameOf(first),
      secondId: pair.secondId,
      secondName: nameOf(second),
      reasons: sql<DuplicateReason[]>`array_agg(distinct ${pair.reason})`,
      similarity: sql<number>`${similarity}::float8`,
    })
    .from(candidates)
    .innerJoin(first, eq(first.id, pair.firstId))
    .innerJoin(second, eq(second.id, pair.secondId))
    .where(
      notExists(
        db
          .select({ id: duplicateDismissals.id })
          .from(duplicateDismissals)
          .where(
            and(
              eq(duplicateDismissals.kind, kind.kind),
              eq(duplicateDismissals.firstId, pair.firstId),
              eq(duplicateDismissals.secondId, pair.secondId),
            ),
          ),
      ),
    )
    .groupBy(pair.firstId, pair.secondId, first.id, second.id)
    .orderBy(desc(sql`count(distinct ${pair.reason})`), desc(similarity), pair.firstId, pair.secondId)
    .limit(duplicatePairsLimit);
  return rows.map((row) => ({ ...row, similarity: Number(row.similarity) }));
}

/** Marks a pair "not a duplicate" (idempotent); false when either record does not exist. */
export async function dismissPair(
  tx: Tx,
  kindName: MergeableKind,
  ids: [number, number],
  actor: Actor,
): Promise<boolean> {
  const { table } = mergeKinds[kindName];
  const [firstId, secondId] = [...ids].sort((a, b) => a - b) as [number, number];
  if (firstId === secondId) return false;
  const found = await tx.$count(table, sql`${table.id} in (${firstId}, ${secondId})`);
  if (found !== 2) return false;
  await tx
    .insert(duplicateDismissals)
    .values({ kind: kindName, firstId, secondId, dismissedBy: actor.userId })
    .onConflictDoNothing();
  for (const [entityId, other] of [
    [firstId, secondId],
    [secondId, firstId],
  ]) {
    const after = { notDuplicateOf: other };
    await recordAudit(tx, {
      ...actor,
      action: `${kindName}.notDuplicate`,
      entityType: kindName,
      entityId,
      after,
    });
  }
  return true;
}
