/** Sessions as in the Lucia guide: a random token in the cookie, its SHA-256 in the database, sliding expiry with an absolute limit. */
import { and, eq, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { reusable } from "../db/reusable";
import { sessions, users } from "../db/schema";
import { generateToken, hashToken } from "./tokens";
import { type PublicUser, publicUserColumns } from "./users";

const day = 24 * 60 * 60 * 1000;
export const sessionLifetime = 30 * day;
/** However active, a session ends this long after sign-in. */
export const sessionAbsoluteLimit = 90 * day;
const lastSeenResolution = 60 * 60 * 1000;

export type Session = typeof sessions.$inferSelect;
export type SessionUser = Omit<PublicUser, "disabledAt">;
export type SessionValidation =
  | { session: Session; user: SessionUser; renewed: boolean }
  | { session: null; user: null; renewed: false };

export async function createSession(
  db: Db,
  userId: number,
  now = new Date(),
): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const [session] = await db
    .insert(sessions)
    .values({
      id: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionLifetime),
    })
    .returning();
  return { token, session: session as Session };
}

/** Every signed-in request starts here. */
const sessionWithUser = reusable((db) =>
  db
    .select({ session: sessions, user: publicUserColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("session_with_user"),
);

export async function validateSessionToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<SessionValidation> {
  const none = { session: null, user: null, renewed: false } as const;
  const [row] = await sessionWithUser(db).execute({ id: hashToken(token) });
  if (!row) return none;
  const { session, user } = row;
  const hardEnd = session.createdAt.getTime() + sessionAbsoluteLimit;
  if (user.disabledAt || now.getTime() >= session.expiresAt.getTime() || now.getTime() >= hardEnd) {
    await db.delete(sessions).where(eq(sessions.id, session.id));
    return none;
  }
  const renewed = now.getTime() >= session.expiresAt.getTime() - sessionLifetime / 2;
  // At most one write an hour per session: renewal, or else refreshing "last seen".
  if (renewed || now.getTime() - session.lastSeenAt.getTime() >= lastSeenResolution) {
    if (renewed) session.expiresAt = new Date(Math.min(now.getTime() + sessionLifetime, hardEnd));
    session.lastSeenAt = now;
    await db
      .update(sessions)
      .set({ expiresAt: session.expiresAt, lastSeenAt: now, updatedAt: now })
      .where(eq(sessions.id, session.id));
  }
  const { disabledAt: _disabledAt, ...sessionUser } = user;
  return { session, user: sessionUser, renewed };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function invalidateOtherSessions(db: Db, userId: number, keepSessionId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)));
}

/** Removes sessions that can no longer be used (called at start-up with the other clean-ups). */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
