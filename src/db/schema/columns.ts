/** Column groups every table shares: identity, timestamps, authorship and the optimistic-lock version. */
import { integer, timestamp } from "drizzle-orm/pg-core";

export const id = () => integer("id").primaryKey().generatedAlwaysAsIdentity();

export const timestamps = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** For records people edit in forms: who made and last changed it, and a version for optimistic locking. */
export const editable = () => ({
  ...timestamps(),
  createdBy: integer("created_by"),
  updatedBy: integer("updated_by"),
  version: integer("version").notNull().default(1),
});
