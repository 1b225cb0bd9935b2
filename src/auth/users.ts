/** User accounts: lookups and every change to them, each change audit-logged in the same transaction. */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Db, Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { users } from "../db/schema";
import type { Role } from "../db/schema/enums";

export type User = typeof users.$inferSelect;
export type PublicUser = Omit<User, "passwordHash">;
export type Actor = { userId: number | null; requestId?: string | null };

/** Every column but the password hash. */
export const publicUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  organizationId: users.organizationId,
  locale: users.locale,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

export async function findUserByEmail(db: Db | Tx, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, normalizeEmail(email)));
  return user;
}

export async function findUserById(db: Db | Tx, id: number): Promise<PublicUser | undefined> {
  const [user] = await db.select(publicUserColumns).from(users).where(eq(users.id, id));
  return user;
}

export async function getPasswordHash(db: Db | Tx, id: number): Promise<string | null> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id));
  return row?.passwordHash ?? null;
}

export async function listUsers(db: Db | Tx): Promise<PublicUser[]> {
  return db
    .select(publicUserColumns)
    .from(users)
    .orderBy(asc(sql`lower(${users.name})`));
}

export async function countUsers(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}

const isActiveAdmin = and(eq(users.role, "admin"), isNull(users.disabledAt));

export async function hasActiveAdmin(db: Db | Tx): Promise<boolean> {
  return (await db.$count(users, isActiveAdmin)) > 0;
}

/** The ids of the active administrators, their rows locked until the transaction ends (the last-admin rule). */
export async function lockActiveAdmins(tx: Tx): Promise<number[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(isActiveAdmin)
    .orderBy(asc(users.id))
    .for("update");
  return rows.map((row) => row.id);
}

export class EmailTakenError extends Error {}

export type NewUser = {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  /** A partner's organisation (required for the partner role, refused for any other by the table's check). */
  organizationId?: number | null;
  locale?: string | null;
};

/** Creates a user; throws EmailTakenError when the email (any case) already has an account, even one made a moment ago. */
export async function createUser(tx: Tx, input: NewUser, actor: Actor): Promise<PublicUser> {
  if (await findUserByEmail(tx, input.email)) throw new EmailTakenError(input.email);
  const [user] = await tx
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email), name: input.name.trim() })
    .returning(publicUserColumns)
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? new EmailTakenError(input.email) : error;
    });
  const created = user as PublicUser;
  await recordAudit(tx, {
    ...actor,
    action: "user.create",
    entityType: "user",
    entityId: created.id,
    after: {
      email: created.email,
      name: created.name,
      role: created.role,
      organizationId: created.organizationId,
    },
  });
  return created;
}

type UserChange = { role?: Role; disabledAt?: Date | null; passwordHash?: string; locale?: string | null };

/** Applies one change to a user and records it; the password hash is never written to the audit log. */
export async function updateUser(
  tx: Tx,
  id: number,
  change: UserChange,
  action: string,
  actor: Actor,
): Promise<PublicUser | undefined> {
  const before = await findUserById(tx, id);
  if (!before) return undefined;
  const [after] = await tx
    .update(users)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning(publicUserColumns);
  const { passwordHash: _hidden, ...visibleChange } = change;
  const snapshot = (user: PublicUser) =>
    Object.fromEntries(Object.keys(visibleChange).map((key) => [key, user[key as keyof PublicUser]]));
  await recordAudit(tx, {
    ...actor,
    action,
    entityType: "user",
    entityId: id,
    before: snapshot(before),
    after: after ? snapshot(after) : null,
  });
  return after;
}
