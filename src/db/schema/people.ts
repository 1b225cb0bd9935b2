/** People of the network and their affiliations with organisations over time. */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id } from "./columns";
import { editable } from "./editable";
import { affiliationKinds, displacementStatuses, genders, oneOf, stakeholderTypes } from "./enums";
import { organizations } from "./organizations";
import { users } from "./users";

export const people = pgTable(
  "people",
  {
    id: id(),
    fullName: text("full_name").notNull(),
    /** The same person written in other scripts: Latin Azerbaijani, Cyrillic, Georgian, Armenian. */
    otherNames: text("other_names").array().notNull().default(sql`'{}'::text[]`),
    gender: text("gender", { enum: genders }),
    birthYear: smallint("birth_year"),
    stakeholderType: text("stakeholder_type", { enum: stakeholderTypes }).notNull().default("other"),
    email: text("email"),
    /** E.164 where it could be parsed, else as written. */
    phone: text("phone"),
    city: text("city"),
    country: text("country"),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    notes: text("notes"),
    /** Sensitive (coordinator and above): community or ethnicity, displacement status. */
    community: text("community"),
    displacementStatus: text("displacement_status", { enum: displacementStatuses }),
    // Consent is recorded per purpose in `consents` (protection.ts).
    searchText: text("search_text").notNull().default(""),
    /** A loose key of the name (src/text/name-key.ts) that pairs spellings of the same name for the duplicates page; null until computed. */
    nameKey: text("name_key"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /** A stable random id for pseudonymised exports (never shown beside the name). */
    pseudonym: uuid("pseudonym").notNull().defaultRandom(),
    /** Erased on request by an admin: identifying data removed, the row kept (archived) so report totals stay. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    erasedBy: integer("erased_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    erasureReason: text("erasure_reason"),
    mergedIntoId: integer("merged_into_id").references((): AnyPgColumn => people.id),
    ...editable(),
  },
  (t) => [
    check("people_gender_check", oneOf(t.gender, genders)),
    check("people_stakeholder_type_check", oneOf(t.stakeholderType, stakeholderTypes)),
    check("people_displacement_status_check", oneOf(t.displacementStatus, displacementStatuses)),
    check("people_birth_year_check", sql`${t.birthYear} between 1900 and 2100`),
    check("people_country_check", sql`${t.country} ~ '^[A-Z]{2}$'`),
    check("people_full_name_check", sql`length(trim(${t.fullName})) > 0`),
    index("people_name_key_idx").on(t.nameKey).where(sql`${t.archivedAt} is null and ${t.nameKey} <> ''`),
    index("people_name_key_missing_idx").on(t.id).where(sql`${t.nameKey} is null`),
    index("people_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    // The loose key's words, for a search in another transliteration ("Велиев" finds "Vəliyev").
    index("people_name_key_words_idx").using("gin", sql`string_to_array(${t.nameKey}, ' ')`),
    index("people_tags_idx").using("gin", t.tags),
    index("people_email_lower_idx").on(sql`lower(${t.email})`),
    index("people_phone_idx").on(t.phone),
    index("people_country_idx").on(t.country),
    index("people_stakeholder_type_idx").on(t.stakeholderType),
    uniqueIndex("people_pseudonym_idx").on(t.pseudonym),
    // The list's default order (by name, then id) over the records it shows.
    index("people_name_order_idx").on(sql`lower(${t.fullName})`, t.id).where(sql`${t.archivedAt} is null`),
  ],
);

export const affiliations = pgTable(
  "affiliations",
  {
    id: id(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    position: text("position"),
    kind: text("kind", { enum: affiliationKinds }).notNull().default("staff"),
    startDate: date("start_date"),
    endDate: date("end_date"),
    isPrimary: boolean("is_primary").notNull().default(false),
    ...editable(),
  },
  (t) => [
    check("affiliations_kind_check", oneOf(t.kind, affiliationKinds)),
    check(
      "affiliations_dates_check",
      sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`,
    ),
    index("affiliations_person_id_idx").on(t.personId),
    index("affiliations_organization_id_idx").on(t.organizationId),
    uniqueIndex("affiliations_one_primary_idx").on(t.personId).where(sql`${t.isPrimary}`),
  ],
);
