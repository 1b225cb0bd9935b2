/** Outgoing mail (src/mail): each message is a row, sent by a `mail` job; without an SMTP server it waits in the outbox. */
import { check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { mailStatuses, oneOf } from "./enums";

export const mailMessages = pgTable(
  "mail_messages",
  {
    id: id(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** The text; emptied once the server took it, so a one-time link does not outlive its delivery here. */
    body: text("body"),
    status: text("status", { enum: mailStatuses }).notNull().default("queued"),
    /** Why the last try failed (the server's answer, never the message). */
    error: text("error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    check("mail_messages_status_check", oneOf(t.status, mailStatuses)),
    index("mail_messages_created_at_idx").on(t.createdAt),
  ],
);
