/** The partner portal (src/partners): sign-up requests from partner organisations and the changes partners propose. */
import { type AnyPgColumn, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { locales, oneOf, partnerRequestStatuses, proposalStatuses } from "./enums";
import { organizations } from "./organizations";
import { people } from "./people";
import { users } from "./users";

/** "New user": a representative asks for an account; they confirm their email, then a coordinator decides. */
export const partnerRequests = pgTable(
  "partner_requests",
  {
    id: id(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    locale: text("locale").notNull().default("en"),
    /** The organisation they chose from the directory, or null when they typed a new one. */
    organizationId: integer("organization_id").references((): AnyPgColumn => organizations.id),
    /** The organisation's name as they gave it (chosen or typed). */
    organizationName: text("organization_name").notNull(),
    message: text("message"),
    /** SHA-256 of the email confirmation token, hex; null once confirmed. */
    confirmationHash: text("confirmation_hash"),
    confirmationExpiresAt: timestamp("confirmation_expires_at", { withTimezone: true }),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    status: text("status", { enum: partnerRequestStatuses }).notNull().default("unconfirmed"),
    reason: text("reason"),
    decidedBy: integer("decided_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** The account made when it was approved. */
    userId: integer("user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    check("partner_requests_status_check", oneOf(t.status, partnerRequestStatuses)),
    check("partner_requests_locale_check", oneOf(t.locale, locales)),
    index("partner_requests_status_idx").on(t.status, t.createdAt),
    index("partner_requests_confirmation_idx").on(t.confirmationHash),
  ],
);

/** One field a partner proposes to change, on their organisation (person_id null) or one of its people. */
export const partnerProposals = pgTable(
  "partner_proposals",
  {
    id: id(),
    organizationId: integer("organization_id")
      .notNull()
      .references((): AnyPgColumn => organizations.id),
    personId: integer("person_id").references((): AnyPgColumn => people.id),
    field: text("field").notNull(),
    /** The value the partner saw when proposing, and the one they propose. */
    oldValue: text("old_value"),
    newValue: text("new_value"),
    status: text("status", { enum: proposalStatuses }).notNull().default("open"),
    reason: text("reason"),
    proposedBy: integer("proposed_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    decidedBy: integer("decided_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    check("partner_proposals_status_check", oneOf(t.status, proposalStatuses)),
    index("partner_proposals_open_idx").on(t.status, t.organizationId),
    index("partner_proposals_person_id_idx").on(t.personId),
  ],
);
