/** What an administrator does to accounts; each is one transaction with its audit event. */
import { invalidateUserSessions } from "../auth/session";
import { createUserToken } from "../auth/user-tokens";
import { type Actor, countActiveAdmins, createUser, findUserById, updateUser } from "../auth/users";
import type { Db } from "../db/client";
import type { Role } from "../db/schema/enums";
import type { MessageKey } from "../i18n";

export type Refusal = { refused: MessageKey };

/** Creates the account without a password and returns its one-time set-password link token (valid 72 h). */
export async function inviteUser(
  db: Db,
  input: { name: string; email: string; role: Role },
  actor: Actor,
): Promise<string> {
  return db.transaction(async (tx) => {
    const user = await createUser(tx, { ...input, passwordHash: null }, actor);
    return createUserToken(tx, user.id, "invite", actor.userId);
  });
}

/** Refuses to leave the system without an active administrator. */
async function wouldRemoveLastAdmin(db: Db, userId: number): Promise<boolean> {
  const user = await findUserById(db, userId);
  return user?.role === "admin" && !user.disabledAt && (await countActiveAdmins(db)) <= 1;
}

export async function changeRole(db: Db, userId: number, role: Role, actor: Actor): Promise<Refusal | null> {
  if (role !== "admin" && (await wouldRemoveLastAdmin(db, userId))) return { refused: "users.lastAdmin" };
  await db.transaction((tx) => updateUser(tx, userId, { role }, "user.role_change", actor));
  return null;
}

/** Disables the account and ends its sessions at once. */
export async function disableUser(db: Db, userId: number, actor: Actor): Promise<Refusal | null> {
  if (userId === actor.userId) return { refused: "users.notYourself" };
  if (await wouldRemoveLastAdmin(db, userId)) return { refused: "users.lastAdmin" };
  await db.transaction((tx) => updateUser(tx, userId, { disabledAt: new Date() }, "user.disable", actor));
  await invalidateUserSessions(db, userId);
  return null;
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
