/** SQL of follow-ups: the open ones assigned to someone, marking one done, and reassigning or rescheduling one (audited). */
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { reusable } from "../db/reusable";
import { interactions, users } from "../db/schema";

const open = and(isNotNull(interactions.followUpDue), isNull(interactions.followUpDoneAt));

const openFollowUpsOf = reusable((db) =>
  db
    .select({
      id: interactions.id,
      subject: interactions.subject,
      kind: interactions.kind,
      occurredAt: interactions.occurredAt,
      followUpDue: sql<string>`${interactions.followUpDue}`,
      followUpNote: interactions.followUpNote,
    })
    .from(interactions)
    .where(and(open, eq(interactions.followUpAssigneeId, sql.placeholder("assigneeId"))))
    .orderBy(asc(interactions.followUpDue), asc(interactions.id))
    .limit(sql.placeholder("limit"))
    .prepare("open_follow_ups"),
);

/** Open follow-ups assigned to this user, by due date: the overdue ones come first because they are due earliest. */
export async function listOpenFollowUps(db: Db, assigneeId: number, limit = 50) {
  return openFollowUpsOf(db).execute({ assigneeId, limit });
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

/** A follow-up's new day and assignee. */
export type FollowUpMove = { followUpDue: string; followUpAssigneeId: number };

async function followUpOf(tx: Tx, id: number) {
  const [row] = await tx
    .select({
      followUpDue: interactions.followUpDue,
      followUpAssignee: users.name,
      followUpAssigneeId: interactions.followUpAssigneeId,
    })
    .from(interactions)
    .leftJoin(users, eq(users.id, interactions.followUpAssigneeId))
    .where(and(eq(interactions.id, id), open));
  return row;
}

/** Gives an open follow-up a new day and assignee, audited with both before and after; false when it is not open. */
export async function moveFollowUp(tx: Tx, id: number, change: FollowUpMove, actor: Actor): Promise<boolean> {
  const before = await followUpOf(tx, id);
  const [row] = await tx
    .update(interactions)
    .set({
      ...change,
      updatedAt: new Date(),
      updatedBy: actor.userId,
      version: sql`${interactions.version} + 1`,
    })
    .where(and(eq(interactions.id, id), open))
    .returning({ id: interactions.id });
  if (!row || !before) return false;
  await recordAudit(tx, {
    userId: actor.userId,
    requestId: actor.requestId,
    action: "interaction.follow_up_move",
    entityType: "interaction",
    entityId: id,
    before,
    after: await followUpOf(tx, id),
  });
  return true;
}
