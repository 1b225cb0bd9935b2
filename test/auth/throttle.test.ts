/** Guess throttling: attempts counted before the password check, five free, then a doubling wait (≤ 15 min), per account and per address. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  delaySeconds,
  forgetOldFailures,
  forgiveAttempt,
  type Reservation,
  reserveAttempt,
  signInKeys,
  type ThrottleKeys,
} from "../../src/auth/throttle";
import type { Db } from "../../src/db/client";
import { loginThrottles } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const start = new Date("2025-03-01T09:00:00Z");
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.close();
});

/** Makes `times` wrong attempts, each as soon as it is allowed, and returns the time of the last one. */
async function failRepeatedly(keys: ThrottleKeys, times: number, from = start): Promise<Date> {
  let now = from;
  for (let attempt = 0; attempt < times; attempt++) {
    const reservation = await reserveAttempt(db, keys, now);
    if (!reservation.allowed) {
      now = new Date(now.getTime() + reservation.retryAfter * 1000);
      attempt -= 1;
    }
  }
  return now;
}

const waitOf = (reservation: Reservation) => (reservation.allowed ? 0 : reservation.retryAfter);

describe("guess throttling", () => {
  it("lets someone who mistyped four times try again at once", async () => {
    const keys = signInKeys("four@example.org", "192.0.2.1");
    await failRepeatedly(keys, 4);
    expect(await reserveAttempt(db, keys, start)).toEqual({ allowed: true });
  });

  it("makes the sixth attempt wait a second after five failures, then twice as long each time", async () => {
    const keys = signInKeys("six@example.org", "192.0.2.2");
    await failRepeatedly(keys, 5);
    expect(waitOf(await reserveAttempt(db, keys, start))).toBe(1);
    await reserveAttempt(db, keys, later(1));
    expect(waitOf(await reserveAttempt(db, keys, later(1)))).toBe(2);
    await reserveAttempt(db, keys, later(3));
    expect(waitOf(await reserveAttempt(db, keys, later(3)))).toBe(4);
  });

  it("counts attempts made at the same moment: of ten parallel guesses only five get through", async () => {
    const keys = signInKeys("parallel@example.org", "192.0.2.9");
    const results = await Promise.all(Array.from({ length: 10 }, () => reserveAttempt(db, keys, start)));
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
  });

  it("does not count attempts refused while locked", async () => {
    const keys = signInKeys("locked@example.org", "192.0.2.10");
    await failRepeatedly(keys, 5);
    for (let i = 0; i < 5; i++) expect((await reserveAttempt(db, keys, start)).allowed).toBe(false);
    // Still the first wait (1 s), not a longer one.
    expect(await reserveAttempt(db, keys, later(1))).toEqual({ allowed: true });
  });

  it("never makes anyone wait more than 15 minutes", async () => {
    const keys = signInKeys("stubborn@example.org", "192.0.2.4");
    const lastAttempt = await failRepeatedly(keys, 20);
    expect(waitOf(await reserveAttempt(db, keys, lastAttempt))).toBe(900);
    expect(delaySeconds(1000)).toBe(900);
  });

  it("doubles the delay with each failure until the cap", () => {
    expect([4, 5, 6, 7, 8].map(delaySeconds)).toEqual([0, 1, 2, 4, 8]);
  });

  it("counts failures per address across different email addresses, and not other addresses", async () => {
    const ip = "198.51.100.7";
    for (let i = 0; i < 5; i++) await reserveAttempt(db, signInKeys(`guess${i}@example.org`, ip), start);
    expect((await reserveAttempt(db, signInKeys("fresh@example.org", ip), start)).allowed).toBe(false);
    expect((await reserveAttempt(db, signInKeys("fresh@example.org", "198.51.100.8"), start)).allowed).toBe(
      true,
    );
  });

  it("counts an account's failures whatever the case or spacing of its email, from any address", async () => {
    for (let i = 0; i < 5; i++)
      await reserveAttempt(db, signInKeys("Target@Example.org", `203.0.113.${i}`), start);
    expect(
      (await reserveAttempt(db, signInKeys(" target@example.org ", "203.0.113.99"), start)).allowed,
    ).toBe(false);
  });

  it("forgets failures after an hour without any", async () => {
    const keys = signInKeys("forgotten@example.org", "192.0.2.5");
    const next = await failRepeatedly(keys, 8);
    const twoHoursLater = new Date(next.getTime() + 2 * 60 * 60 * 1000);
    for (let i = 0; i < 4; i++) expect((await reserveAttempt(db, keys, twoHoursLater)).allowed).toBe(true);
  });

  it("forgives the account on success; the address only gets back the attempt that succeeded", async () => {
    const ip = "192.0.2.6";
    for (let i = 0; i < 4; i++) await reserveAttempt(db, signInKeys(`other${i}@example.org`, ip), start);
    const keys = signInKeys("success@example.org", ip);
    expect((await reserveAttempt(db, keys, start)).allowed).toBe(true);
    await forgiveAttempt(db, keys);
    // The account is clean; the address still carries its four failures: one more makes five, then it waits.
    expect((await reserveAttempt(db, signInKeys("success@example.org", "192.0.2.60"), start)).allowed).toBe(
      true,
    );
    expect((await reserveAttempt(db, signInKeys("x@example.org", ip), start)).allowed).toBe(true);
    expect((await reserveAttempt(db, signInKeys("y@example.org", ip), start)).allowed).toBe(false);
  });

  it("clears failures older than an hour at clean-up time", async () => {
    await reserveAttempt(db, { account: "account:old@example.org" }, start);
    await forgetOldFailures(db, later(2 * 60 * 60));
    const keys = (await db.select().from(loginThrottles)).map((row) => row.key);
    expect(keys).not.toContain("account:old@example.org");
  });
});
