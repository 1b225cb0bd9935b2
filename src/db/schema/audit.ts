/** Audit trail: every write path records who did what to which record, with before and after values. */
import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { users } from "./users";

export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    ...timestamps(),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
    index("audit_events_created_at_idx").on(t.createdAt),
    index("audit_events_user_id_idx").on(t.userId),
  ],
);
