/** SQL of follow-ups: the open ones assigned to someone, and marking one done (audited). */
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { interactions } from "../db/schema";

const open = and(isNotNull(interactions.followUpDue), isNull(interactions.followUpDoneAt));

/** Open follow-ups assigned to this user, by due date: the overdue ones come first because they are due earliest. */
export async function listOpenFollowUps(db: Db, assigneeId: number, limit = 50) {
  return db
    .select({
      id: interactions.id,
      subject: interactions.subject,
      kind: interactions.kind,
      occurredAt: interactions.occurredAt,
      followUpDue: sql<string>`${interactions.followUpDue}`,
      followUpNote: interactions.followUpNote,
    })
    .from(interactions)
    .where(and(open, eq(interactions.followUpAssigneeId, assigneeId)))
    .orderBy(asc(interactions.followUpDue), asc(interactions.id))
    .limit(limit);
}

export type OpenFollowUp = Awaited<ReturnType<typeof listOpenFollowUps>>[number];

/** An open follow-up and who it is assigned to; undefined when there is none (or it is done already). */
export async function getOpenFollowUp(db: Db | Tx, id: number) {
  const [row] = await db
    .select({ id: interactions.id, assigneeId: interactions.followUpAssigneeId })
    .from(interactions)
    .where(and(eq(interactions.id, id), open));
  return row;
}

/** Marks it done, once: false when someone else did it first. */
export async function markFollowUpDone(tx: Tx, id: number, actor: Actor): Promise<boolean> {
  const now = new Date();
  const [row] = await tx
    .update(interactions)
    .set({
      followUpDoneAt: now,
      updatedAt: now,
      updatedBy: actor.userId,
      version: sql`${interactions.version} + 1`,
    })
    .where(and(eq(interactions.id, id), open))
    .returning({ id: interactions.id });
  if (!row) return false;
  await recordAudit(tx, {
    userId: actor.userId,
    requestId: actor.requestId,
    action: "interaction.follow_up_done",
    entityType: "interaction",
    entityId: id,
    before: { followUpDoneAt: null },
    after: { followUpDoneAt: now.toISOString() },
  });
  return true;
}
