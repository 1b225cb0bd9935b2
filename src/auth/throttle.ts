/**
 * Throttling of password guesses, per account and per client address. Each attempt is counted *before* the
 * password is checked, in one atomic statement per key, so guesses sent in parallel are counted too. After the
 * fifth counted attempt every further one must wait, doubling: 1 s, 2 s, 4 s … at most 15 minutes.
 */
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { loginThrottles } from "../db/schema";
import { normalizeEmail } from "./users";

export const freeFailures = 5;
const maxDelaySeconds = 15 * 60;
/** Failures older than this are forgotten. */
const forgetAfterMs = 60 * 60 * 1000;

export type ThrottleKeys = { account: string; address?: string };
export type Reservation = { allowed: true } | { allowed: false; retryAfter: number };

export function signInKeys(email: string, ip: string): ThrottleKeys {
  return { account: `account:${normalizeEmail(email)}`, address: `ip:${ip}` };
}

/** The wait, in seconds, after this many failures in a row. */
export function delaySeconds(failures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), maxDelaySeconds);
}

function keyList(keys: ThrottleKeys): string[] {
  return keys.address ? [keys.account, keys.address] : [keys.account];
}

/** A timestamp parameter that both postgres.js and PGlite accept inside raw SQL. */
function at(when: Date) {
  return sql`${when.toISOString()}::timestamptz`;
}

async function secondsLocked(db: Db, keys: string[], now: Date): Promise<number> {
  const rows = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, keys));
  const waits = rows.map((row) => Math.ceil(((row.lockedUntil?.getTime() ?? 0) - now.getTime()) / 1000));
  return Math.max(0, ...waits);
}

/**
 * Counts one attempt against each key, unless a key is still locked: then nothing is counted and the caller must
 * refuse the attempt. Call `forgiveAttempt` when the password turns out right.
 */
export async function reserveAttempt(db: Db, keys: ThrottleKeys, now = new Date()): Promise<Reservation> {
  const waiting = await secondsLocked(db, keyList(keys), now);
  if (waiting > 0) return { allowed: false, retryAfter: waiting };
  const next = sql`case when ${loginThrottles.lastFailureAt} < ${at(new Date(now.getTime() - forgetAfterMs))}
    then 1 else ${loginThrottles.failures} + 1 end`;
  for (const key of keyList(keys)) {
    const counted = await db
      .insert(loginThrottles)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: loginThrottles.key,
        set: {
          failures: next,
          lastFailureAt: now,
          updatedAt: now,
          lockedUntil: sql`case when ${next} >= ${freeFailures}
            then ${at(now)} + least(power(2, ${next} - ${freeFailures}), ${maxDelaySeconds}) * interval '1 second'
            end`,
        },
        // A key another request locked a moment ago is not counted again.
        setWhere: sql`${loginThrottles.lockedUntil} is null or ${loginThrottles.lockedUntil} <= ${at(now)}`,
      })
      .returning({ failures: loginThrottles.failures });
    if (counted.length === 0)
      return { allowed: false, retryAfter: Math.max(1, await secondsLocked(db, [key], now)) };
  }
  return { allowed: true };
}

/**
 * The password was right: the account starts afresh, and the address gets back the attempt counted for it (and
 * loses the lock that attempt set), but keeps earlier failures, so one good account cannot wipe an address's record.
 */
export async function forgiveAttempt(db: Db, keys: ThrottleKeys): Promise<void> {
  await db.delete(loginThrottles).where(inArray(loginThrottles.key, [keys.account]));
  if (!keys.address) return;
  await db
    .update(loginThrottles)
    .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)`, lockedUntil: null })
    .where(inArray(loginThrottles.key, [keys.address]));
}

/** Removes what is older than the forgetting window (called at start-up with the other clean-ups). */
export async function forgetOldFailures(db: Db, now = new Date()): Promise<void> {
  await db
    .delete(loginThrottles)
    .where(sql`${loginThrottles.lastFailureAt} < ${at(new Date(now.getTime() - forgetAfterMs))}`);
}
