/** Sign-in throttling: after five failures a doubling wait (1 s, 2 s, … capped at 15 minutes), per account and per IP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearAccountFailures,
  delaySeconds,
  recordFailure,
  secondsUntilAllowed,
  throttleKeys,
} from "../../src/auth/throttle";
import type { Db } from "../../src/db/client";
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

async function fail(keys: string[], times: number, at = start) {
  for (let i = 0; i < times; i++) await recordFailure(db, keys, at);
}

describe("sign-in throttling", () => {
  it("lets someone who mistyped four times try again at once", async () => {
    const keys = throttleKeys("four@example.org", "192.0.2.1");
    await fail(keys, 4);
    expect(await secondsUntilAllowed(db, keys, start)).toBe(0);
  });

  // As test/auth/routes.test.ts has it: after the fifth failure the sixth attempt waits 1 s, then 2 s, 4 s …
  it("makes the sixth attempt wait a second after five failures, twice as long with each further failure", async () => {
    const keys = throttleKeys("six@example.org", "192.0.2.2");
    await fail(keys, 5);
    expect(await secondsUntilAllowed(db, keys, start)).toBe(1);
    await fail(keys, 1);
    expect(await secondsUntilAllowed(db, keys, start)).toBe(2);
    await fail(keys, 1);
    expect(await secondsUntilAllowed(db, keys, start)).toBe(4);
  });

  it("allows a try again once the wait is over", async () => {
    const keys = throttleKeys("patient@example.org", "192.0.2.3");
    await fail(keys, 8);
    const wait = await secondsUntilAllowed(db, keys, start);
    expect(wait).toBeGreaterThan(0);
    expect(await secondsUntilAllowed(db, keys, later(wait))).toBe(0);
  });

  it("never makes anyone wait more than 15 minutes", async () => {
    const keys = throttleKeys("stubborn@example.org", "192.0.2.4");
    await fail(keys, 30);
    expect(await secondsUntilAllowed(db, keys, start)).toBe(900);
    expect(delaySeconds(1000)).toBe(900);
  });

  it("doubles the delay with each failure until the cap", () => {
    const delays = [6, 7, 8, 9, 10].map(delaySeconds);
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays.slice(1)).toEqual(delays.slice(0, -1).map((delay) => delay * 2));
  });

  it("counts failures per IP across different email addresses", async () => {
    const ip = "198.51.100.7";
    for (let i = 0; i < 6; i++) await fail(throttleKeys(`guess${i}@example.org`, ip), 1);
    expect(await secondsUntilAllowed(db, throttleKeys("fresh@example.org", ip), start)).toBeGreaterThan(0);
    expect(await secondsUntilAllowed(db, throttleKeys("fresh@example.org", "198.51.100.8"), start)).toBe(0);
  });

  it("counts an account's failures whatever the case of its email and the IP", async () => {
    for (let i = 0; i < 6; i++) await fail(throttleKeys("Target@Example.org", `203.0.113.${i}`), 1);
    expect(
      await secondsUntilAllowed(db, throttleKeys("target@example.org ", "203.0.113.99"), start),
    ).toBeGreaterThan(0);
  });

  it("forgets failures after an hour without any", async () => {
    const keys = throttleKeys("forgotten@example.org", "192.0.2.5");
    await fail(keys, 10);
    await fail(keys, 1, later(2 * 60 * 60));
    expect(await secondsUntilAllowed(db, keys, later(2 * 60 * 60))).toBe(0);
  });

  it("clears the account on success but keeps the IP's count", async () => {
    const ip = "192.0.2.6";
    await fail(throttleKeys("success@example.org", ip), 7);
    await clearAccountFailures(db, "Success@Example.org");
    expect(await secondsUntilAllowed(db, throttleKeys("success@example.org", "192.0.2.60"), start)).toBe(0);
    expect(await secondsUntilAllowed(db, throttleKeys("success@example.org", ip), start)).toBeGreaterThan(0);
  });
});
