/** Merges of duplicate records (with what moved, so a merge can be undone) and pairs marked "not a duplicate". */
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { oneOf } from "./enums";
import { users } from "./users";

export const mergeableKinds = ["person", "organization"] as const;
export type MergeableKind = (typeof mergeableKinds)[number];

export const merges = pgTable(
  "merges",
  {
    id: id(),
    kind: text("kind", { enum: mergeableKinds }).notNull(),
    survivorId: integer("survivor_id").notNull(),
    mergedId: integer("merged_id").notNull(),
    /** The survivor's fields before the merge, put back by undo. */
    survivorBefore: jsonb("survivor_before").notNull(),
    /** The versions both records had right after the merge: undo is refused once either has changed again. */
    survivorVersion: integer("survivor_version").notNull(),
    mergedVersion: integer("merged_version").notNull(),
    mergedArchivedAt: timestamp("merged_archived_at", { withTimezone: true }),
    /** Per link table: the ids of rows moved to the survivor, rows removed because the survivor had the same, flags cleared. */
    moved: jsonb("moved").notNull(),
    mergedBy: integer("merged_by").references(() => users.id, { onDelete: "set null" }),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
    undoneBy: integer("undone_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    check("merges_kind_check", oneOf(t.kind, mergeableKinds)),
    index("merges_survivor_idx").on(t.kind, t.survivorId),
    index("merges_merged_idx").on(t.kind, t.mergedId),
  ],
);

export const duplicateDismissals = pgTable(
  "duplicate_dismissals",
  {
    id: id(),
    kind: text("kind", { enum: mergeableKinds }).notNull(),
    /** The pair, smaller id first. */
    firstId: integer("first_id").notNull(),
    secondId: integer("second_id").notNull(),
    dismissedBy: integer("dismissed_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    check("duplicate_dismissals_kind_check", oneOf(t.kind, mergeableKinds)),
    check("duplicate_dismissals_order_check", sql`${t.firstId} < ${t.secondId}`),
    unique("duplicate_dismissals_pair_unique").on(t.kind, t.firstId, t.secondId),
  ],
);
