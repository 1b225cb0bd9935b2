/** Durable background work (src/jobs) and the one-time tokens of create forms (a double submit saves once). */
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { jobKinds, jobStatuses, oneOf } from "./enums";
import { users } from "./users";

export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    kind: text("kind", { enum: jobKinds }).notNull(),
    /** What the job works on, e.g. `{ "importId": 12 }`. */
    payload: jsonb("payload").notNull().default({}),
    /** At most one queued or running job per key: asking again for the same work joins the job already there. */
    key: text("key"),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    /** The worker holding the job, and until when: a worker that dies stops renewing, and the job is taken again. */
    lockedBy: text("locked_by"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastError: text("last_error"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    check("jobs_kind_check", oneOf(t.kind, jobKinds)),
    check("jobs_status_check", oneOf(t.status, jobStatuses)),
    uniqueIndex("jobs_key_unique").on(t.key).where(sql`status in ('queued', 'running')`),
    index("jobs_queued_idx").on(t.runAt).where(sql`status = 'queued'`),
    index("jobs_running_idx").on(t.leaseUntil).where(sql`status = 'running'`),
  ],
);

/** A create form's one-time token, once used: a repeat of the same submission goes where the first one led. */
export const formSubmissions = pgTable(
  "form_submissions",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    /** Where the first submission led (the record it created). */
    resultPath: text("result_path").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.token] }),
    index("form_submissions_created_at_idx").on(t.createdAt),
  ],
);
