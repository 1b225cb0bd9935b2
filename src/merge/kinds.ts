/**
 * What merging means for each kind of directory record: which fields are chosen side by side, which lists are
 * combined, and which link tables point at the record (so their rows move to the survivor).
 */
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { organizations, people } from "../db/schema";
import type { MergeableKind } from "../db/schema/merges";
import { organizationSearchColumns, personSearchColumns } from "../directory/search-columns";
import { editableFields as organizationFields } from "../organizations/queries";
import { editableFields as personFields } from "../people/queries";

/**
 * A table whose `column` points at the record. `sameAs`: the columns that make a row a repeat, so when the
 * survivor already has a row with the same values, the other record's row is removed instead of moved.
 */
export type LinkTable = {
  table: string;
  column: string;
  sameAs: string[];
  /** Of two repeats, the one that says more: a higher rank is kept whichever record it belonged to. */
  rank?: (row: "kept" | "gone") => SQL;
};

/** Of two answers for one purpose of consent, the later one wins (by its day, then by when it was recorded). */
const consentRank = (row: "kept" | "gone") =>
  sql`(coalesce(${sql.identifier(row)}.given_on, ${sql.identifier(row)}.updated_at::date), ${sql.identifier(row)}.updated_at)`;

/** A participation that says more wins: attended over registered over invited over no-show over cancelled. */
const participationRank = (row: "kept" | "gone") =>
  sql`case ${sql.identifier(row)}.status when 'attended' then 4 when 'registered' then 3 when 'invited' then 2 when 'no_show' then 1 else 0 end`;

type Fields = Record<string, unknown>;

export type MergeKind = {
  kind: MergeableKind;
  base: "/people" | "/organizations";
  table: typeof people | typeof organizations;
  nameField: "fullName" | "name";
  nameColumn: AnyPgColumn;
  /** The fields a person edits, as the merge page compares them. */
  fields: (record: Fields) => Fields;
  /** Where the names not kept go, so the record is still found by them (a person's other spellings). */
  otherNamesField?: "otherNames";
  /** Lists that are combined, never chosen. */
  combined: readonly string[];
  searchColumns: (fields: Fields) => { searchText: string; nameKey: string };
  links: LinkTable[];
  /** A flag only one of the record's rows may carry (a person's primary affiliation): cleared on the other's rows. */
  exclusiveFlag?: { table: string; column: string; flag: string };
};

export const mergeKinds: Record<MergeableKind, MergeKind> = {
  person: {
    kind: "person",
    base: "/people",
    table: people,
    nameField: "fullName",
    nameColumn: people.fullName,
    fields: (record) => personFields(record as Parameters<typeof personFields>[0], true),
    combined: ["otherNames", "languages", "tags"],
    otherNamesField: "otherNames",
    searchColumns: (fields) => personSearchColumns(fields as Parameters<typeof personSearchColumns>[0]),
    links: [
      { table: "affiliations", column: "person_id", sameAs: [] },
      { table: "participations", column: "person_id", sameAs: ["activity_id"], rank: participationRank },
      { table: "interaction_people", column: "person_id", sameAs: ["interaction_id"] },
      // Consent by purpose (src/consent): one answer per purpose, the later of the two.
      { table: "consents", column: "person_id", sameAs: ["purpose"], rank: consentRank },
    ],
    exclusiveFlag: { table: "affiliations", column: "person_id", flag: "is_primary" },
  },
  organization: {
    kind: "organization",
    base: "/organizations",
    table: organizations,
    nameField: "name",
    nameColumn: organizations.name,
    fields: (record) => organizationFields(record as Parameters<typeof organizationFields>[0]),
    combined: ["sectors", "communitiesServed", "tags"],
    searchColumns: (fields) =>
      organizationSearchColumns(fields as Parameters<typeof organizationSearchColumns>[0]),
    links: [
      { table: "affiliations", column: "organization_id", sameAs: [] },
      { table: "activity_partners", column: "organization_id", sameAs: ["activity_id", "role"] },
      { table: "participations", column: "organization_id", sameAs: [] },
      { table: "interaction_organizations", column: "organization_id", sameAs: ["interaction_id"] },
    ],
  },
};
