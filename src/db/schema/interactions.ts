/** The contact log: meetings, calls, visits with people and organisations, and their follow-ups. */
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { editable } from "./editable";
import { interactionKinds, oneOf } from "./enums";
import { organizations } from "./organizations";
import { people } from "./people";
import { activities } from "./programmes";
import { users } from "./users";

export const interactions = pgTable(
  "interactions",
  {
    id: id(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    kind: text("kind", { enum: interactionKinds }).notNull(),
    subject: text("subject").notNull(),
    notes: text("notes"),
    loggedBy: integer("logged_by").references(() => users.id, { onDelete: "set null" }),
    activityId: integer("activity_id").references(() => activities.id, { onDelete: "set null" }),
    followUpDue: date("follow_up_due"),
    followUpAssigneeId: integer("follow_up_assignee_id").references(() => users.id, { onDelete: "set null" }),
    followUpNote: text("follow_up_note"),
    followUpDoneAt: timestamp("follow_up_done_at", { withTimezone: true }),
    ...editable(),
  },
  (t) => [
    check("interactions_kind_check", oneOf(t.kind, interactionKinds)),
    index("interactions_occurred_at_idx").on(t.occurredAt),
    index("interactions_logged_by_idx").on(t.loggedBy),
    index("interactions_activity_id_idx").on(t.activityId),
    index("interactions_open_follow_ups_idx")
      .on(t.followUpAssigneeId, t.followUpDue)
      .where(sql`${t.followUpDue} is not null and ${t.followUpDoneAt} is null`),
  ],
);

export const interactionPeople = pgTable(
  "interaction_people",
  {
    id: id(),
    interactionId: integer("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    ...timestamps(),
  },
  (t) => [
    unique("interaction_people_unique").on(t.interactionId, t.personId),
    index("interaction_people_person_id_idx").on(t.personId),
  ],
);

export const interactionOrganizations = pgTable(
  "interaction_organizations",
  {
    id: id(),
    interactionId: integer("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    ...timestamps(),
  },
  (t) => [
    unique("interaction_organizations_unique").on(t.interactionId, t.organizationId),
    index("interaction_organizations_organization_id_idx").on(t.organizationId),
  ],
);
