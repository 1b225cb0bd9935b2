/** One-time links: the first-run setup token, invites (72 h) and password resets (short-lived); all single use, stored hashed. */
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { setupTokens, userTokens } from "../db/schema";
import { generateToken, hashToken } from "./tokens";

const hour = 60 * 60 * 1000;
export const tokenLifetimes = { invite: 72 * hour, password_reset: 1 * hour } as const;
export type TokenPurpose = keyof typeof tokenLifetimes;

export async function createUserToken(
  db: Db | Tx,
  userId: number,
  purpose: TokenPurpose,
  createdBy: number | null,
  now = new Date(),
): Promise<string> {
  const token = generateToken();
  // A new link replaces any earlier unused one of the same purpose.
  await db
    .delete(userTokens)
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
  await db.insert(userTokens).values({
    id: hashToken(token),
    userId,
    purpose,
    createdBy,
    createdAt: now,
    expiresAt: new Date(now.getTime() + tokenLifetimes[purpose]),
  });
  return token;
}

/** The token's row if it is unused and unexpired (does not consume it). */
export async function findUsableToken(db: Db | Tx, token: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(userTokens)
    .where(
      and(eq(userTokens.id, hashToken(token)), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)),
    );
  return row;
}

/** Marks the token used; returns its user id, or null when it was already used, expired or unknown. */
export async function consumeUserToken(
  tx: Tx,
  token: string,
  now = new Date(),
): Promise<{ userId: number; purpose: TokenPurpose } | null> {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.id, hashToken(token)), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .returning({ userId: userTokens.userId, purpose: userTokens.purpose });
  return row ?? null;
}

/**
 * A new setup token. Earlier ones stay valid until the first administrator exists, so every process that started
 * (and printed its link) hands out a link that works.
 */
export async function createSetupToken(db: Db): Promise<string> {
  const token = generateToken();
  await db.insert(setupTokens).values({ id: hashToken(token) });
  return token;
}

/** Uses the setup token up: true for exactly one caller, however many race for it. */
export async function claimSetupToken(tx: Tx, token: string): Promise<boolean> {
  const claimed = await tx
    .delete(setupTokens)
    .where(eq(setupTokens.id, hashToken(token)))
    .returning({ id: setupTokens.id });
  return claimed.length > 0;
}

export async function isValidSetupToken(db: Db | Tx, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  const [row] = await db
    .select()
    .from(setupTokens)
    .where(eq(setupTokens.id, hashToken(token)));
  return Boolean(row);
}

export async function deleteSetupTokens(db: Db | Tx): Promise<void> {
  await db.delete(setupTokens);
}

/** Removes links that can no longer be used (called at start-up with the other clean-ups). */
export async function deleteDeadUserTokens(db: Db, now = new Date()): Promise<void> {
  await db.delete(userTokens).where(or(isNotNull(userTokens.usedAt), lt(userTokens.expiresAt, now)));
}

/** The page where the holder of an invite or reset token chooses a password. */
export function setPasswordLink(publicUrl: string, token: string): string {
  return `${publicUrl}/set-password?token=${token}`;
}
