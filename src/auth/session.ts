/** Sessions as in the Lucia guide: a random token in the cookie, its SHA-256 in the database, sliding expiry with an absolute limit. */
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { sessions, users } from "../db/schema";
import { generateToken, hashToken } from "./tokens";

const day = 24 * 60 * 60 * 1000;
export const sessionLifetime = 30 * day;
/** However active, a session ends this long after sign-in. */
export const sessionAbsoluteLimit = 90 * day;

export type Session = typeof sessions.$inferSelect;
export type SessionUser = Pick<typeof users.$inferSelect, "id" | "email" | "name" | "role" | "locale">;
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
      expiresAt: new Date(now.getTime() + sessionLifetime),
    })
    .returning();
  return { token, session: session as Session };
}

export async function validateSessionToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<SessionValidation> {
  const none = { session: null, user: null, renewed: false } as const;
  const [row] = await db
    .select({
      session: sessions,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        locale: users.locale,
        disabledAt: users.disabledAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, hashToken(token)));
  if (!row) return none;
  const { session, user } = row;
  const hardEnd = session.createdAt.getTime() + sessionAbsoluteLimit;
  if (user.disabledAt || now.getTime() >= session.expiresAt.getTime() || now.getTime() >= hardEnd) {
    await db.delete(sessions).where(eq(sessions.id, session.id));
    return none;
  }
  let renewed = false;
  if (now.getTime() >= session.expiresAt.getTime() - sessionLifetime / 2) {
    session.expiresAt = new Date(Math.min(now.getTime() + sessionLifetime, hardEnd));
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, session.id));
    renewed = true;
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
