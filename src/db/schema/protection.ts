/**
 * Protecting the people in the data (decision 24): consent per purpose, and the log of who saw sensitive fields or
 * downloaded records. Erasure marks the person's own row (people.erased_at) and keeps it for report totals.
 */
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { editable } from "./editable";
import { accessKinds, consentMethods, consentPurposes, oneOf, recordedConsentStatuses } from "./enums";
import { people } from "./people";
import { users } from "./users";

/** One row per person and purpose: the answer, when and how it was given, who recorded it. */
export const consents = pgTable(
  "consents",
  {
    id: id(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: consentPurposes }).notNull(),
    status: text("status", { enum: recordedConsentStatuses }).notNull(),
    /** The day it was given, refused or withdrawn. */
    givenOn: date("given_on"),
    /** How it was given; null when not recorded (consents carried over from before purposes). */
    method: text("method", { enum: consentMethods }),
    note: text("note"),
    /** updated_by is who recorded the answer last; the audit log has every change. */
    ...editable(),
  },
  (t) => [
    check("consents_purpose_check", oneOf(t.purpose, consentPurposes)),
    check("consents_status_check", oneOf(t.status, recordedConsentStatuses)),
    check("consents_method_check", oneOf(t.method, consentMethods)),
    uniqueIndex("consents_person_purpose_idx").on(t.personId, t.purpose),
  ],
);

/**
 * Reads of sensitive fields and every download: who, when, what (a short name of the page or export), and the people
 * it showed, so a person's own log is one index lookup.
 */
export const accessLog = pgTable(
  "access_log",
  {
    id: id(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: accessKinds }).notNull(),
    /** What was seen or downloaded, e.g. "person", "people.csv", "person.everything". */
    what: text("what").notNull(),
    personIds: integer("person_ids").array().notNull().default(sql`'{}'::integer[]`),
    /** The query string, format and row count, as the case may be. */
    detail: jsonb("detail"),
    requestId: text("request_id"),
    ...timestamps(),
  },
  (t) => [
    check("access_log_kind_check", oneOf(t.kind, accessKinds)),
    index("access_log_person_ids_idx").using("gin", t.personIds),
    index("access_log_created_at_idx").on(t.createdAt),
    index("access_log_user_id_idx").on(t.userId),
  ],
);
