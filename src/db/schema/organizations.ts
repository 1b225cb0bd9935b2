/** Organisations of the network: NGOs, community groups, government bodies, parliaments, donors, media. */
import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { id } from "./columns";
import { editable } from "./editable";
import { allOf, communitiesServed, oneOf, organizationKinds } from "./enums";

export const organizations = pgTable(
  "organizations",
  {
    id: id(),
    name: text("name").notNull(),
    kind: text("kind", { enum: organizationKinds }).notNull().default("ngo"),
    /** ISO 3166-1 alpha-2. */
    country: text("country"),
    city: text("city"),
    address: text("address"),
    website: text("website"),
    email: text("email"),
    phone: text("phone"),
    sectors: text("sectors").array().notNull().default(sql`'{}'::text[]`),
    communitiesServed: text("communities_served", { enum: communitiesServed })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    description: text("description"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** Lower-case, diacritics removed, transliterated to Latin: what search and duplicate finding compare. */
    searchText: text("search_text").notNull().default(""),
    /** A loose key of the name (src/text/name-key.ts) that pairs spellings of the same name for the duplicates page; null until computed. */
    nameKey: text("name_key"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    mergedIntoId: integer("merged_into_id").references((): AnyPgColumn => organizations.id),
    ...editable(),
  },
  (t) => [
    check("organizations_kind_check", oneOf(t.kind, organizationKinds)),
    check("organizations_communities_check", allOf(t.communitiesServed, communitiesServed)),
    check("organizations_country_check", sql`${t.country} ~ '^[A-Z]{2}$'`),
    check("organizations_name_check", sql`length(trim(${t.name})) > 0`),
    index("organizations_name_key_idx")
      .on(t.nameKey)
      .where(sql`${t.archivedAt} is null and ${t.nameKey} <> ''`),
    index("organizations_name_key_missing_idx").on(t.id).where(sql`${t.nameKey} is null`),
    index("organizations_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("organizations_name_key_words_idx").using("gin", sql`string_to_array(${t.nameKey}, ' ')`),
    index("organizations_tags_idx").using("gin", t.tags),
    index("organizations_country_idx").on(t.country),
    index("organizations_email_lower_idx").on(sql`lower(${t.email})`),
    index("organizations_name_order_idx").on(sql`lower(${t.name})`, t.id).where(sql`${t.archivedAt} is null`),
  ],
);
