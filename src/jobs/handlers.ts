/** Every kind of job this release runs, and how. */
import { sql } from "drizzle-orm";
import { deleteExpiredAuthRecords } from "../auth/clean-up";
import { passwordResetJob } from "../auth/forgot";
import type { Config } from "../config";
import { foldRecordCountsIfMany } from "../db/record-counts";
import { importJob } from "../imports/job";
import { unstageAbandonedImports } from "../imports/stage";
import { mailJob } from "../mail/job";
import { forgetOldMail } from "../mail/outgoing";
import { catchUpFirstAttendances } from "../reports/first-attendances";
import { deleteOldFormSubmissions } from "../web/form-token";
import { deleteEndedJobs } from "./queue";
import type { JobHandlers } from "./run";

const hour = 60 * 60 * 1000;

/** The handlers of a server (or test app): its mail goes as its settings say, with links to its public address. */
export const jobHandlersFor = (config: Pick<Config, "mail" | "publicUrl">): JobHandlers => ({
  ...jobHandlers,
  mail: mailJob(config.mail),
  password_reset: passwordResetJob(config),
});

export const jobHandlers: JobHandlers = {
  import: importJob(),
  // Reports read the kept first days only while nothing is noted: the sooner worked in, the sooner they are fast.
  first_attendances: {
    everyMs: 10_000,
    run: async (_payload, { db }) => {
      await catchUpFirstAttendances(db);
    },
  },
  // The dashboard's counts are kept as rows a writer adds; folded here, so reading them stays a few rows.
  record_counts: {
    everyMs: 10_000,
    run: async (_payload, { db }) => {
      await foldRecordCountsIfMany(db);
    },
  },
  clean_up: {
    everyMs: hour,
    run: async (_payload, { db }) => {
      const now = new Date();
      await deleteExpiredAuthRecords(db, now);
      await deleteOldFormSubmissions(db, now);
      await deleteEndedJobs(db, 7 * 24 * hour);
      await unstageAbandonedImports(db, now);
      await forgetOldMail(db, now);
      // The recurring jobs rewrite their rows every few seconds; the embedded database has no autovacuum.
      await db.execute(sql`vacuum jobs`);
    },
  },
};
