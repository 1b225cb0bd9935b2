/** Every kind of job this release runs, and how. */
import { sql } from "drizzle-orm";
import { deleteExpiredAuthRecords } from "../auth/clean-up";
import type { MailSettings } from "../config";
import { foldRecordCountsIfMany } from "../db/record-counts";
import { importJob } from "../imports/job";
import { unstageAbandonedImports } from "../imports/stage";
import { mailJob } from "../mail/job";
import { deleteOldMail } from "../mail/outgoing";
import { catchUpFirstAttendances } from "../reports/first-attendances";
import { deleteOldFormSubmissions } from "../web/form-token";
import { deleteEndedJobs } from "./queue";
import type { JobHandlers } from "./run";

const hour = 60 * 60 * 1000;

/** The handlers of a server (or test app) whose mail goes as `mail` says. */
export const jobHandlersFor = (mail: MailSettings): JobHandlers => ({ ...jobHandlers, mail: mailJob(mail) });

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
      await deleteOldMail(db, now);
      // The recurring jobs rewrite their rows every few seconds; the embedded database has no autovacuum.
      await db.execute(sql`vacuum jobs`);
    },
  },
};
