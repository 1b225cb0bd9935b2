/** Records audit events (who did what to which record, with the values before and after) and reads a record's history. */
import { and, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { auditEvents, users } from "../db/schema";

export type AuditEntry = {
  userId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    userId: entry.userId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: entry.requestId ?? null,
  });
}

export type AuditEntryRow = {
  id: number;
  action: string;
  createdAt: Date;
  userName: string | null;
  before: unknown;
  after: unknown;
};

/** A record's history, newest first, with who made each change. */
export async function listRecordHistory(
  db: Db,
  entityType: string,
  entityId: number,
): Promise<AuditEntryRow[]> {
  return db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      createdAt: auditEvents.createdAt,
      userName: users.name,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.userId))
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id));
}
