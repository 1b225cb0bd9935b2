/** Saving a record only at the version its form was opened at, safely when two saves overlap. */
import { eq } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Tx } from "./client";

type TableWithId = PgTable & { id: AnyPgColumn };
type VersionedTable = TableWithId & { version: AnyPgColumn };

/** A save's answer: saved, or refused with what is stored now (null: there is no such record any more). */
export type SaveResult<Row> = { saved: true } | { saved: false; current: Row | null };

/** The row, locked until the transaction ends: another transaction's write to it waits, and it waits for theirs. */
export async function lockRow<T extends TableWithId>(
  tx: Tx,
  table: T,
  id: number,
): Promise<T["$inferSelect"] | undefined> {
  const [row] = await tx
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id))
    .for("update");
  return row as T["$inferSelect"] | undefined;
}

/**
 * The record as it is before the save, when it is still at `version`; otherwise the refusal to return. It is locked
 * first: under READ COMMITTED a plain read does not wait for a save in progress, so two saves would both see the old
 * version, and the second's `update … where version = ?` would match nothing after the first commits while it still
 * answered "saved" and recorded a change that never happened.
 */
export async function lockAtVersion<T extends VersionedTable>(
  tx: Tx,
  table: T,
  id: number,
  version: number,
): Promise<{ before: T["$inferSelect"] } | { saved: false; current: T["$inferSelect"] | null }> {
  const row = await lockRow(tx, table, id);
  if (!row) return { saved: false, current: null };
  if ((row as { version: number }).version !== version) return { saved: false, current: row };
  return { before: row };
}
