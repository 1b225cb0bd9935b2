/** What an administrator does to accounts; each is one transaction with its audit event. */

import { eq } from "drizzle-orm";
import { invalidateUserSessions } from "../auth/session";
import { createUserToken } from "../auth/user-tokens";
import { type Actor, createUser, lockActiveAdmins, updateUser } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { users } from "../db/schema";
import type { Role } from "../db/schema/enums";
import type { MessageKey } from "../i18n";

export type Refusal = { refused: MessageKey };

/** Creates the account without a password and returns its one-time set-password link token (valid 72 h); in the caller's transaction. */
export async function inviteUser(
  tx: Tx,
  input: { name: string; email: string; role: Role },
  actor: Actor,
): Promise<string> {
  const user = await createUser(tx, { ...input, passwordHash: null }, actor);
  return createUserToken(tx, user.id, "invite", actor.userId);
}

/**
 * Refuses to leave the system without an active administrator. Checked inside the change's transaction with the
 * administrators' rows locked, so two administrators demoting each other at once cannot both succeed.
 */
async function wouldRemoveLastAdmin(tx: Tx, userId: number): Promise<boolean> {
  const admins = await lockActiveAdmins(tx);
  return admins.includes(userId) && admins.length <= 1;
}

export async function changeRole(db: Db, userId: number, role: Role, actor: Actor): Promise<Refusal | null> {
  return db.transaction(async (tx) => {
    // No row lock here: the last-admin check locks the administrators in one order, and a lock taken before it on
    // the target alone deadlocks two administrators demoting each other. A partner account's role never changes.
    const [account] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId));
    if (account?.role === "partner") return { refused: "users.partnerRole" };
    if (role !== "admin" && (await wouldRemoveLastAdmin(tx, userId))) return { refused: "users.lastAdmin" };
    await updateUser(tx, userId, { role }, "user.role_change", actor);
    return null;
  });
}

/** Disables the account and ends its sessions at once. */
export async function disableUser(db: Db, userId: number, actor: Actor): Promise<Refusal | null> {
  if (userId === actor.userId) return { refused: "users.notYourself" };
  const refusal = await db.transaction(async (tx): Promise<Refusal | null> => {
    if (await wouldRemoveLastAdmin(tx, userId)) return { refused: "users.lastAdmin" };
    await updateUser(tx, userId, { disabledAt: new Date() }, "user.disable", actor);
    return null;
  });
  if (!refusal) await invalidateUserSessions(db, userId);
  return refusal;
}

export async function enableUser(db: Db, userId: number, actor: Actor): Promise<void> {
  await db.transaction((tx) => updateUser(tx, userId, { disabledAt: null }, "user.enable", actor));
}

export async function issueResetLink(db: Db, userId: number, actor: Actor): Promise<string> {
  return db.transaction(async (tx) => {
    const token = await createUserToken(tx, userId, "password_reset", actor.userId);
    await updateUser(tx, userId, {}, "user.reset_link", actor);
    return token;
  });
}
