/** CSV imports: the uploaded file kept in the database, per-line outcomes (with old values for undo), saved mappings. */
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { importKinds, importRowOutcomes, importStatuses, oneOf } from "./enums";
import { activities } from "./programmes";
import { users } from "./users";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

export const imports = pgTable(
  "imports",
  {
    id: id(),
    kind: text("kind", { enum: importKinds }).notNull(),
    activityId: integer("activity_id").references(() => activities.id),
    fileName: text("file_name").notNull(),
    fileBytes: bytea("file_bytes").notNull(),
    encoding: text("encoding"),
    delimiter: text("delimiter"),
    mapping: jsonb("mapping"),
    status: text("status", { enum: importStatuses }).notNull().default("uploaded"),
    rowsTotal: integer("rows_total").notNull().default(0),
    rowsDone: integer("rows_done").notNull().default(0),
    counts: jsonb("counts"),
    error: text("error"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    check("imports_kind_check", oneOf(t.kind, importKinds)),
    check("imports_status_check", oneOf(t.status, importStatuses)),
    index("imports_status_idx").on(t.status),
    index("imports_activity_id_idx").on(t.activityId),
    index("imports_created_by_idx").on(t.createdBy),
  ],
);

export const importRows = pgTable(
  "import_rows",
  {
    id: id(),
    importId: integer("import_id")
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    lineNumber: integer("line_number").notNull(),
    outcome: text("outcome", { enum: importRowOutcomes }).notNull(),
    entityType: text("entity_type"),
    entityId: integer("entity_id"),
    values: jsonb("values"),
    errors: jsonb("errors"),
    /** The record's values before this import updated it, so undo can put them back. */
    before: jsonb("before"),
    ...timestamps(),
  },
  (t) => [
    check("import_rows_outcome_check", oneOf(t.outcome, importRowOutcomes)),
    index("import_rows_import_line_idx").on(t.importId, t.lineNumber),
  ],
);

export const importMappings = pgTable(
  "import_mappings",
  {
    id: id(),
    kind: text("kind", { enum: importKinds }).notNull(),
    name: text("name").notNull(),
    mapping: jsonb("mapping").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    check("import_mappings_kind_check", oneOf(t.kind, importKinds)),
    unique("import_mappings_kind_name_unique").on(t.kind, t.name),
  ],
);
