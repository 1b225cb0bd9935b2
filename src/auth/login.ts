/** Signing in: throttle check, password check that takes the same time for unknown emails, audit of both outcomes. */

import { recordAudit } from "../audit/queries";
import type { Db } from "../db/client";
import { hashPassword, verifyPassword } from "./password";
import { homeOf } from "./permissions";
import { createSession } from "./session";
import { forgiveAttempt, reserveAttempt, signInKeys } from "./throttle";
import { findUserByEmail } from "./users";

export type LoginOutcome =
  | { kind: "ok"; token: string; expiresAt: Date; userId: number; home: string }
  | { kind: "missing" }
  | { kind: "wrong" }
  | { kind: "throttled"; retryAfter: number };

let dummyHash: Promise<string> | undefined;

export async function attemptLogin(
  db: Db,
  email: string,
  password: string,
  ip: string,
  requestId: string,
): Promise<LoginOutcome> {
  // An empty form is a slip, not a guess: it is neither counted against the account nor audited.
  if (email.trim() === "" || password === "") return { kind: "missing" };
  const keys = signInKeys(email, ip);
  const reservation = await reserveAttempt(db, keys);
  if (!reservation.allowed) return { kind: "throttled", retryAfter: reservation.retryAfter };

  const user = await findUserByEmail(db, email);
  // Verify against a dummy hash when there is no usable account, so timing does not reveal which emails exist.
  dummyHash ??= hashPassword("roundtable-timing-equaliser");
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  const usable = user && !user.disabledAt && user.passwordHash && passwordOk;

  if (!usable) {
    await recordAudit(db, {
      userId: null,
      action: "auth.login_failed",
      entityType: "user",
      entityId: user?.id ?? null,
      // Only what looks like an email is kept: a password typed into the email field must not reach the audit log.
      after: { email: looksLikeEmail(email) ? email.trim().toLowerCase().slice(0, 254) : null, ip },
      requestId,
    });
    return { kind: "wrong" };
  }
  await forgiveAttempt(db, keys);
  const { token, session } = await createSession(db, user.id);
  await recordAudit(db, {
    userId: user.id,
    action: "auth.login",
    entityType: "user",
    entityId: user.id,
    after: { ip },
    requestId,
  });
  return { kind: "ok", token, expiresAt: session.expiresAt, userId: user.id, home: homeOf(user.role) };
}

function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}
