/** Start-up housekeeping: sessions, links and throttling counts that can no longer matter are deleted. */
import type { Db } from "../db/client";
import { deleteExpiredSessions } from "./session";
import { forgetOldFailures } from "./throttle";
import { deleteDeadUserTokens } from "./user-tokens";

export async function deleteExpiredAuthRecords(db: Db, now = new Date()): Promise<void> {
  await deleteExpiredSessions(db, now);
  await deleteDeadUserTokens(db, now);
  await forgetOldFailures(db, now);
}
