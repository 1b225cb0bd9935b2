/** CSV imports: the uploaded file kept in the database, per-line outcomes (with old values for undo), saved mappings. */
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
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
    /** The staging of the file's lines (import_lines) that is current, and how it read them (encoding, delimiter and
     * columns); null when none is. */
    staging: integer("staging"),
    stagedFor: text("staged_for"),
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

/**
 * The file's lines as the importer read them (decision 21), kept between the mapping and the run so that planning and
 * writing read them from the database a chunk at a time: `values` are the normalised fields of an accepted line (null
 * for a refused one); `cells`, `errors` and `warnings` only for a line with something to say. Removed when the import
 * is written. Each staging has its own number (two saves of one import's mapping at once stage side by side; the
 * newer one is kept).
 */
export const importStagings = pgSequence("import_stagings");

export const importLines = pgTable(
  "import_lines",
  {
    importId: integer("import_id")
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    staging: integer("staging").notNull(),
    line: integer("line").notNull(),
    values: jsonb("values"),
    cells: jsonb("cells"),
    errors: jsonb("errors"),
    warnings: jsonb("warnings"),
    /** The loose name key (src/text/name-key.ts) of the line's name, to find the directory's look-alikes by join. */
    nameKey: text("name_key"),
  },
  (t) => [primaryKey({ columns: [t.staging, t.line] }), index("import_lines_import_id_idx").on(t.importId)],
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
