/** Columns of records people edit in forms: authorship and the optimistic-lock version (apart from columns.ts, which users.ts needs). */
import { integer } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users } from "./users";

/** For records people edit in forms: who made and last changed it, and a version for optimistic locking. */
export const editable = () => ({
  ...timestamps(),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
  version: integer("version").notNull().default(1),
});
