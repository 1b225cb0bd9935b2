/** Sign-in throttling per account and per IP: after 5 failures each further one doubles the wait (1 s … 15 min). */
import { eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { loginThrottles } from "../db/schema";

export const freeFailures = 5;
const maxDelaySeconds = 15 * 60;
/** Failures older than this are forgotten. */
const forgetAfterMs = 60 * 60 * 1000;

export function throttleKeys(email: string, ip: string): string[] {
  return [`account:${email.trim().toLowerCase()}`, `ip:${ip}`];
}

export function delaySeconds(failures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), maxDelaySeconds);
}

/** Seconds to wait before another attempt is allowed, 0 when one may try now. */
export async function secondsUntilAllowed(db: Db, keys: string[], now = new Date()): Promise<number> {
  const rows = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, keys));
  const waits = rows.map((row) =>
    row.lockedUntil ? Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000) : 0,
  );
  return Math.max(0, ...waits);
}

export async function recordFailure(db: Db, keys: string[], now = new Date()): Promise<void> {
  const stale = new Date(now.getTime() - forgetAfterMs);
  for (const key of keys) {
    const [row] = await db
      .insert(loginThrottles)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: loginThrottles.key,
        set: {
          // lt() maps the Date through the column's own encoding; a bare Date in sql`` breaks postgres.js.
          failures: sql`case when ${lt(loginThrottles.lastFailureAt, stale)} then 1 else ${loginThrottles.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: loginThrottles.failures });
    const wait = delaySeconds(row?.failures ?? 0);
    if (wait > 0) {
      await db
        .update(loginThrottles)
        .set({ lockedUntil: new Date(now.getTime() + wait * 1000) })
        .where(eq(loginThrottles.key, key));
    }
  }
}

/** A successful sign-in clears its account's count; the IP's count only fades with time, so one good account cannot reset it. */
export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, `account:${email.trim().toLowerCase()}`));
}

export async function forgetOldFailures(db: Db, now = new Date()): Promise<void> {
  await db
    .delete(loginThrottles)
    .where(lt(loginThrottles.lastFailureAt, new Date(now.getTime() - forgetAfterMs)));
}
