/** Accounts, their sessions and their one-time tokens (invites, password resets). */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { locales, oneOf, roles, userTokenPurposes } from "./enums";
import { organizations } from "./organizations";

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: roles }).notNull().default("staff"),
    locale: text("locale"),
    /** A partner's organisation: set for every partner account, for no one else. */
    organizationId: integer("organization_id").references((): AnyPgColumn => organizations.id),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    check("users_role_check", oneOf(t.role, roles)),
    check("users_locale_check", oneOf(t.locale, locales)),
    check(
      "users_partner_organization_check",
      sql`(${t.role} = 'partner') = (${t.organizationId} is not null)`,
    ),
    index("users_organization_id_idx").on(t.organizationId),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the token, hex: the token itself is never stored. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Refreshed at most hourly, so reading a session rarely writes. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId), index("sessions_expires_at_idx").on(t.expiresAt)],
);

export const userTokens = pgTable(
  "user_tokens",
  {
    /** SHA-256 of the token, hex. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: userTokenPurposes }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    index("user_tokens_user_id_idx").on(t.userId),
    check("user_tokens_purpose_check", oneOf(t.purpose, userTokenPurposes)),
  ],
);

/** The one-time setup token printed at first start, kept until the first admin exists. */
export const setupTokens = pgTable("setup_tokens", {
  /** SHA-256 of the token, hex. */
  id: text("id").primaryKey(),
  ...timestamps(),
});

/** Failed sign-ins per key (`account:<email>` or `ip:<address>`), for throttling. */
export const loginThrottles = pgTable("login_throttles", {
  id: id(),
  key: text("key").notNull().unique("login_throttles_key_unique"),
  failures: integer("failures").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
  ...timestamps(),
});
