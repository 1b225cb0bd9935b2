/** Sessions: only the token's SHA-256 is stored, expiry slides with use, and nothing outlives 90 days or a disabled account. */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, invalidateUserSessions, validateSessionToken } from "../../src/auth/session";
import { createUser } from "../../src/auth/users";
import type { Db } from "../../src/db/client";
import { sessions, users } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const day = 24 * 60 * 60 * 1000;
const start = new Date("2025-03-01T09:00:00Z");
const daysLater = (days: number) => new Date(start.getTime() + days * day);

let database: TestDatabase;
let db: Db;
let userCount = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.close();
});

async function newUser() {
  userCount += 1;
  return db.transaction((tx) =>
    createUser(
      tx,
      {
        email: `Person${userCount}@Example.org`,
        name: `Person ${userCount}`,
        role: "staff",
        passwordHash: null,
      },
      { userId: null },
    ),
  );
}

async function storedSession(id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

describe("createSession", () => {
  it("stores the SHA-256 hex of the token, never the token", async () => {
    const user = await newUser();
    const { token } = await createSession(db, user.id, start);
    const digest = createHash("sha256").update(token).digest("hex");
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.map((row) => row.id)).toEqual([digest]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]?.expiresAt.getTime()).toBe(start.getTime() + 30 * day);
  });

  it("gives every session a different token", async () => {
    const user = await newUser();
    const first = await createSession(db, user.id, start);
    const second = await createSession(db, user.id, start);
    expect(first.token).not.toBe(second.token);
  });
});

describe("validateSessionToken", () => {
  it("returns the signed-in user for a fresh session, without renewing it", async () => {
    const user = await newUser();
    const { token } = await createSession(db, user.id, start);
    const result = await validateSessionToken(db, token, daysLater(1));
    expect(result.user).toMatchObject({ id: user.id, email: user.email, name: user.name, role: "staff" });
    expect(result.renewed).toBe(false);
  });

  it("returns nobody for a token it never issued", async () => {
    const result = await validateSessionToken(db, "not-a-real-token", start);
    expect(result).toEqual({ session: null, user: null, renewed: false });
  });

  it("ends an expired session and deletes its row", async () => {
    const user = await newUser();
    const { token, session } = await createSession(db, user.id, start);
    const result = await validateSessionToken(db, token, daysLater(30));
    expect(result.user).toBeNull();
    expect(await storedSession(session.id)).toBeUndefined();
  });

  it("extends the expiry once more than half of the 30 days has passed", async () => {
    const user = await newUser();
    const { token, session } = await createSession(db, user.id, start);
    expect((await validateSessionToken(db, token, daysLater(14))).renewed).toBe(false);
    expect((await storedSession(session.id))?.expiresAt.getTime()).toBe(daysLater(30).getTime());

    const result = await validateSessionToken(db, token, daysLater(16));
    expect(result.renewed).toBe(true);
    expect((await storedSession(session.id))?.expiresAt.getTime()).toBe(daysLater(46).getTime());
    // Still signed in on a day the original expiry would have ended it.
    expect((await validateSessionToken(db, token, daysLater(40))).user?.id).toBe(user.id);
  });

  it("ends a session 90 days after sign-in however often it was renewed", async () => {
    const user = await newUser();
    const { token, session } = await createSession(db, user.id, start);
    for (const days of [16, 32, 48, 64, 80]) {
      expect((await validateSessionToken(db, token, daysLater(days))).user?.id).toBe(user.id);
    }
    expect((await storedSession(session.id))?.expiresAt.getTime()).toBe(daysLater(90).getTime());
    expect((await validateSessionToken(db, token, daysLater(89.9))).user?.id).toBe(user.id);
    expect((await validateSessionToken(db, token, daysLater(90))).user).toBeNull();
    expect(await storedSession(session.id)).toBeUndefined();
  });

  it("ends the sessions of a disabled user", async () => {
    const user = await newUser();
    const { token, session } = await createSession(db, user.id, start);
    await db
      .update(users)
      .set({ disabledAt: daysLater(1) })
      .where(eq(users.id, user.id));
    expect((await validateSessionToken(db, token, daysLater(2))).user).toBeNull();
    expect(await storedSession(session.id)).toBeUndefined();
  });
});

describe("invalidateUserSessions", () => {
  it("ends every session of that user and nobody else's", async () => {
    const user = await newUser();
    const other = await newUser();
    const laptop = await createSession(db, user.id, start);
    const phone = await createSession(db, user.id, start);
    const colleague = await createSession(db, other.id, start);
    await invalidateUserSessions(db, user.id);
    expect((await validateSessionToken(db, laptop.token, daysLater(1))).user).toBeNull();
    expect((await validateSessionToken(db, phone.token, daysLater(1))).user).toBeNull();
    expect((await validateSessionToken(db, colleague.token, daysLater(1))).user?.id).toBe(other.id);
  });
});
