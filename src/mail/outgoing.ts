/**
 * Outgoing mail: a message is a row of mail_messages and a `mail` job that sends it, both written in the caller's
 * transaction, so a message exists exactly when what it tells of does. The job sends it through SMTP (SMTP_URL) with
 * retries; without a server the message waits in the admins' outbox. See docs/decisions/0022-outgoing-mail.md.
 */
import { and, desc, eq, isNotNull, lt, ne, sql } from "drizzle-orm";
import { tokenLifetimes } from "../auth/user-tokens";
import type { Db, Tx } from "../db/client";
import { mailMessages } from "../db/schema";
import { enqueueJob } from "../jobs/queue";

export type Mail = { to: string; subject: string; body: string };

/** How often the job tries a message before it is marked failed (waits of 5 s, 20 s, 45 s, 80 s, 125 s between). */
const attemptsPerMessage = 6;

/** Queues a message; returns its id. The worker sends it (call the app's `wakeWorker` after the commit). */
export async function queueMail(db: Db | Tx, mail: Mail): Promise<number> {
  const [message] = await db
    .insert(mailMessages)
    .values({ toAddress: mail.to, subject: mail.subject, body: mail.body })
    .returning({ id: mailMessages.id });
  const id = message?.id as number;
  await enqueueJob(db, {
    kind: "mail",
    payload: { messageId: id },
    key: `mail:${id}`,
    maxAttempts: attemptsPerMessage,
  });
  return id;
}

export type MailMessage = typeof mailMessages.$inferSelect;

export async function getMailMessage(db: Db | Tx, id: number): Promise<MailMessage | undefined> {
  const [message] = await db.select().from(mailMessages).where(eq(mailMessages.id, id));
  return message;
}

/** The newest messages first, for the outbox page. */
export async function latestMail(db: Db, limit = 100): Promise<MailMessage[]> {
  return db
    .select()
    .from(mailMessages)
    .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
    .limit(limit);
}

/**
 * Records how a try of a message still queued ended: sent (its text goes), kept in the outbox, given up (its text goes
 * too), or why this try failed. A message already past queued is left as it is.
 */
export async function markMail(
  db: Db | Tx,
  id: number,
  outcome:
    | { status: "sent" }
    | { status: "kept" }
    | { status: "failed"; error: string | null }
    | { error: string },
): Promise<void> {
  const status = "status" in outcome ? outcome.status : undefined;
  const textGoes = status === "sent" || status === "failed";
  await db
    .update(mailMessages)
    .set({
      ...outcome,
      ...(textGoes ? { body: null } : {}),
      ...(status === "sent" ? { error: null, sentAt: new Date() } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(mailMessages.id, id), eq(mailMessages.status, "queued")));
}

/**
 * How long a message's text is kept when it was not sent (waiting in the outbox): as long as the longest-lived link
 * a message can carry (an invitation), after which the text could only leak a dead link.
 */
export const mailTextKeptMs = Math.max(...Object.values(tokenLifetimes));
/** How long a message stays listed in the outbox. */
export const mailKeptMs = 30 * 24 * 60 * 60 * 1000;

/** For the hourly clean-up: empties the texts past their time, and removes the messages past theirs (unless sending). */
export async function forgetOldMail(db: Db, now = new Date()): Promise<void> {
  const before = (ms: number) => lt(mailMessages.createdAt, new Date(now.getTime() - ms));
  await db
    .update(mailMessages)
    .set({ body: null, updatedAt: sql`now()` })
    .where(and(before(mailTextKeptMs), isNotNull(mailMessages.body), ne(mailMessages.status, "queued")));
  await db.delete(mailMessages).where(and(before(mailKeptMs), ne(mailMessages.status, "queued")));
}
