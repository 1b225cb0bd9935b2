/** Programmes, their focus areas, and the activities held under them with their partners and participants. */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, numeric, pgTable, text, unique } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { editable } from "./editable";
import {
  activityKinds,
  activityStatuses,
  oneOf,
  participationRoles,
  participationStatuses,
  partnerRoles,
  stakeholderTypes,
} from "./enums";
import { organizations } from "./organizations";
import { people } from "./people";

export const programmes = pgTable(
  "programmes",
  {
    id: id(),
    name: text("name").notNull().unique("programmes_name_unique"),
    description: text("description"),
    startDate: date("start_date"),
    endDate: date("end_date"),
    funders: text("funders").array().notNull().default(sql`'{}'::text[]`),
    ...editable(),
  },
  (t) => [
    check(
      "programmes_dates_check",
      sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`,
    ),
  ],
);

export const focusAreas = pgTable(
  "focus_areas",
  {
    id: id(),
    programmeId: integer("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    position: integer("position").notNull().default(0),
    ...timestamps(),
  },
  (t) => [unique("focus_areas_programme_name_unique").on(t.programmeId, t.name)],
);

export const activities = pgTable(
  "activities",
  {
    id: id(),
    programmeId: integer("programme_id").references(() => programmes.id),
    focusAreaId: integer("focus_area_id").references(() => focusAreas.id),
    title: text("title").notNull(),
    kind: text("kind", { enum: activityKinds }).notNull(),
    status: text("status", { enum: activityStatuses }).notNull().default("planned"),
    startDate: date("start_date").notNull(),
    endDate: date("end_date"),
    country: text("country"),
    city: text("city"),
    venue: text("venue"),
    targetGroups: text("target_groups").array().notNull().default(sql`'{}'::text[]`),
    description: text("description"),
    outcomes: text("outcomes"),
    /** Partner organisations may nominate people while this is on, up to `capacity`, until `nominationDeadline`. */
    nominationsOpen: boolean("nominations_open").notNull().default(false),
    capacity: integer("capacity"),
    nominationDeadline: date("nomination_deadline"),
    ...editable(),
  },
  (t) => [
    check("activities_kind_check", oneOf(t.kind, activityKinds)),
    check("activities_status_check", oneOf(t.status, activityStatuses)),
    check("activities_dates_check", sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
    check("activities_country_check", sql`${t.country} ~ '^[A-Z]{2}$'`),
    check("activities_capacity_check", sql`${t.capacity} is null or ${t.capacity} > 0`),
    index("activities_start_date_idx").on(t.startDate),
    index("activities_programme_id_idx").on(t.programmeId),
    index("activities_focus_area_id_idx").on(t.focusAreaId),
  ],
);

export const activityPartners = pgTable(
  "activity_partners",
  {
    id: id(),
    activityId: integer("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    role: text("role", { enum: partnerRoles }).notNull(),
    contribution: text("contribution"),
    ...editable(),
  },
  (t) => [
    check("activity_partners_role_check", oneOf(t.role, partnerRoles)),
    unique("activity_partners_unique").on(t.activityId, t.organizationId, t.role),
    index("activity_partners_organization_id_idx").on(t.organizationId),
  ],
);

export const participations = pgTable(
  "participations",
  {
    id: id(),
    activityId: integer("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    role: text("role", { enum: participationRoles }).notNull().default("participant"),
    status: text("status", { enum: participationStatuses }).notNull().default("registered"),
    /** Snapshots taken when the row is made, so later job changes do not rewrite history. */
    organizationId: integer("organization_id").references(() => organizations.id),
    organizationName: text("organization_name"),
    stakeholderType: text("stakeholder_type", { enum: stakeholderTypes }),
    preScore: numeric("pre_score", { precision: 6, scale: 2, mode: "number" }),
    postScore: numeric("post_score", { precision: 6, scale: 2, mode: "number" }),
    ...editable(),
  },
  (t) => [
    check("participations_role_check", oneOf(t.role, participationRoles)),
    check("participations_status_check", oneOf(t.status, participationStatuses)),
    check("participations_stakeholder_type_check", oneOf(t.stakeholderType, stakeholderTypes)),
    unique("participations_activity_person_unique").on(t.activityId, t.personId),
    index("participations_person_id_idx").on(t.personId),
    index("participations_organization_id_idx").on(t.organizationId),
  ],
);
