/** What start-up does for a new installation: the one-time setup link, or the demo administrator. */
import { hashPassword } from "./auth/password";
import { createSetupToken } from "./auth/user-tokens";
import { countUsers, createUser, findUserByEmail } from "./auth/users";
import type { Db } from "./db/client";

export const demoAdmin = {
  email: "demo-admin@roundtable.example",
  password: "roundtable-demo-2026",
  name: "Demo Administrator",
};

/** With no users yet, prints a link that creates the first administrator (valid until used; a restart issues a new one). */
export async function printFirstRunSetupLink(db: Db, publicUrl: string): Promise<void> {
  if ((await countUsers(db)) > 0) return;
  const token = await createSetupToken(db);
  console.log(`No users yet. Create the first administrator at ${publicUrl}/setup?token=${token}`);
}

export async function ensureDemoAdmin(db: Db): Promise<{ id: number }> {
  const existing = await findUserByEmail(db, demoAdmin.email);
  if (existing) return existing;
  const passwordHash = await hashPassword(demoAdmin.password);
  return db.transaction((tx) =>
    createUser(
      tx,
      { email: demoAdmin.email, name: demoAdmin.name, role: "admin", passwordHash },
      { userId: null },
    ),
  );
}
