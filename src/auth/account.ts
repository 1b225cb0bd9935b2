/** Multi-step account changes, each one transaction: first-run setup, password from a link, own password, language. */
import type { Db } from "../db/client";
import type { Locale } from "../i18n";
import type { FormErrors } from "../web/form";
import { hashPassword, verifyPassword } from "./password";
import { homeOf } from "./permissions";
import { createSession, invalidateOtherSessions, invalidateUserSessions } from "./session";
import { forgiveAttempt, reserveAttempt } from "./throttle";
import { claimSetupToken, consumeUserToken, deleteSetupTokens } from "./user-tokens";
import { createUser, findUserById, getPasswordHash, hasActiveAdmin, updateUser } from "./users";

/** A new session, and where its user starts (the dashboard, or a partner's own page). */
type SignedIn = { token: string; expiresAt: Date; home: string };

/** Creates the first admin if the setup token is still valid and no admin exists; signs them in. */
export async function completeSetup(
  db: Db,
  input: { token: string; name: string; email: string; password: string },
  requestId: string,
): Promise<SignedIn | null> {
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction(async (tx) => {
    // Claiming the token first makes a second, simultaneous setup wait for this one and then find no token.
    if (!(await claimSetupToken(tx, input.token)) || (await hasActiveAdmin(tx))) return null;
    const user = await createUser(
      tx,
      { name: input.name, email: input.email, role: "admin", passwordHash },
      { userId: null, requestId },
    );
    await deleteSetupTokens(tx);
    return user.id;
  });
  if (userId === null) return null;
  const { token, session } = await createSession(db, userId);
  return { token, expiresAt: session.expiresAt, home: homeOf("admin") };
}

/** Uses an invite or reset link once: sets the password, ends the user's other sessions, signs them in. */
export async function setPasswordFromLink(
  db: Db,
  linkToken: string,
  password: string,
  requestId: string,
): Promise<SignedIn | null> {
  const passwordHash = await hashPassword(password);
  const used = await db.transaction(async (tx) => {
    const consumed = await consumeUserToken(tx, linkToken);
    if (!consumed) return null;
    // A disabled account's link is used up but sets nothing, so re-enabling it brings back no password
    // chosen in the meantime.
    const target = await findUserById(tx, consumed.userId);
    if (!target || target.disabledAt) return null;
    await updateUser(tx, consumed.userId, { passwordHash }, `user.password_set.${consumed.purpose}`, {
      userId: consumed.userId,
      requestId,
    });
    return target;
  });
  if (used === null) return null;
  await invalidateUserSessions(db, used.id);
  const { token, session } = await createSession(db, used.id);
  return { token, expiresAt: session.expiresAt, home: homeOf(used.role) };
}

/** Changes one's own password (the current one required); other sessions end, this one stays. Returns field errors or null. */
export async function changeOwnPassword(
  db: Db,
  userId: number,
  currentSessionId: string,
  input: { currentPassword: string; password: string },
  requestId: string,
): Promise<FormErrors | null> {
  // Throttled like sign-in, so a borrowed session cannot be used to guess the current password.
  const keys = { account: `password:${userId}` };
  if (!(await reserveAttempt(db, keys)).allowed) return { currentPassword: "account.tooManyAttempts" };
  const currentHash = await getPasswordHash(db, userId);
  if (!currentHash || !(await verifyPassword(currentHash, input.currentPassword))) {
    return { currentPassword: "account.currentPasswordWrong" };
  }
  await forgiveAttempt(db, keys);
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await updateUser(tx, userId, { passwordHash }, "user.password_change", { userId, requestId });
  });
  await invalidateOtherSessions(db, userId, currentSessionId);
  return null;
}

export async function saveLocale(db: Db, userId: number, locale: Locale, requestId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await updateUser(tx, userId, { locale }, "user.locale", { userId, requestId });
  });
}
