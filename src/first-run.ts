/** What start-up does for a new installation: the one-time setup link, or the demo administrator. */
import { hashPassword } from "./auth/password";
import { createSetupToken } from "./auth/user-tokens";
import { countUsers, createUser, findUserByEmail } from "./auth/users";
import type { Db } from "./db/client";
import { organizations } from "./db/schema";

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

/**
 * For `npm run demo`: on an empty database, creates the demo administrator and loads the demo network. A database
 * that already holds other people's data is left alone (the demo password is public). Says whether the demo is there.
 */
export async function prepareDemo(db: Db): Promise<boolean> {
  if (await findUserByEmail(db, demoAdmin.email)) return true;
  const empty = (await countUsers(db)) === 0 && (await db.$count(organizations)) === 0;
  if (!empty) return false;
  const passwordHash = await hashPassword(demoAdmin.password);
  const admin = await db.transaction((tx) =>
    createUser(
      tx,
      { email: demoAdmin.email, name: demoAdmin.name, role: "admin", passwordHash },
      { userId: null },
    ),
  );
  // Loaded only for the demo, so a normal start does not read the seed files.
  const { loadDemoNetwork } = await import("../seed/load");
  await loadDemoNetwork(db, { userId: admin.id });
  return true;
}
