/** The closed vocabularies of the domain: stored as text, guarded by check constraints. */
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/** Ranked lowest first. A partner is a partner organisation's representative: below staff, so no staff route lets them in. */
export const roles = ["partner", "staff", "coordinator", "manager", "admin"] as const;
/** The roles of the programme's own team, offered when an admin invites someone or changes a role. */
export const staffRoles = ["staff", "coordinator", "manager", "admin"] as const;
/** The interface languages (src/i18n has a catalogue for each). */
export const locales = ["en", "az", "ru"] as const;
export const organizationKinds = [
  "ngo",
  "community_group",
  "government",
  "parliament",
  "international",
  "donor",
  "media",
  "academic",
  "business",
  "other",
] as const;
export const communitiesServed = [
  "national_minorities",
  "refugees",
  "idps",
  "returnees",
  "host_community",
  "women",
  "youth",
  "other",
] as const;
export const stakeholderTypes = [
  "community_leader",
  "ngo_representative",
  "official",
  "parliamentarian",
  "expert",
  "journalist",
  "activist",
  "other",
] as const;
export const genders = ["female", "male", "other"] as const;
export const displacementStatuses = ["refugee", "idp", "returnee", "none"] as const;
export const consentStatuses = ["unknown", "given", "refused", "withdrawn"] as const;
/** What a person may consent to, each recorded on its own (src/consent). */
export const consentPurposes = ["participation", "contact", "photos", "donor_sharing"] as const;
/** A purpose's recorded answer; a purpose with no row is "unknown". */
export const recordedConsentStatuses = ["given", "refused", "withdrawn"] as const;
/** How the answer was given. */
export const consentMethods = ["written", "verbal", "electronic", "other"] as const;
/** What the access log records: a page or fragment that showed sensitive fields, or a download. */
export const accessKinds = ["view", "export"] as const;
export const affiliationKinds = ["staff", "member", "board", "elected_official", "volunteer"] as const;
export const activityKinds = [
  "conference",
  "seminar",
  "training",
  "workshop",
  "roundtable",
  "publication",
  "study_visit",
  "networking_meeting",
  "other",
] as const;
export const activityStatuses = ["planned", "held", "cancelled"] as const;
export const partnerRoles = ["lead", "co_organiser", "host", "funder", "venue", "media_partner"] as const;
export const participationRoles = [
  "participant",
  "speaker",
  "trainer",
  "facilitator",
  "organiser",
  "observer",
] as const;
/** nominated: proposed by a partner organisation, waiting for a coordinator; declined: a nomination not taken. */
export const participationStatuses = [
  "invited",
  "registered",
  "attended",
  "no_show",
  "cancelled",
  "nominated",
  "declined",
] as const;
export const interactionKinds = ["meeting", "call", "email", "visit", "message", "other"] as const;
export const importKinds = ["people", "organizations", "participants"] as const;
export const importStatuses = [
  "uploaded",
  "mapped",
  "previewed",
  "running",
  "done",
  "failed",
  "undone",
] as const;
export const importRowOutcomes = [
  "created",
  "updated",
  "unchanged",
  "rejected",
  "possible_duplicate",
] as const;
export const userTokenPurposes = ["invite", "password_reset"] as const;
/** Background work, run by src/jobs: imports, the first-attendance catch-up, housekeeping. */
export const jobKinds = [
  "import",
  "first_attendances",
  "clean_up",
  "mail",
  "record_counts",
  "password_reset",
] as const;
export const jobStatuses = ["queued", "running", "done", "failed"] as const;
/** queued: its job will send it; sent; kept: no SMTP server is set, so it waits in the outbox; failed: every try refused. */
/** unconfirmed: the email link not yet followed; waiting: for a coordinator; approved; rejected. */
export const partnerRequestStatuses = ["unconfirmed", "waiting", "approved", "rejected"] as const;
/** A partner's proposed change to one field: open until a coordinator accepts or rejects it. */
export const proposalStatuses = ["open", "accepted", "rejected"] as const;
export const mailStatuses = ["queued", "sent", "kept", "failed"] as const;

export type Role = (typeof roles)[number];
export type StaffRole = (typeof staffRoles)[number];

function quoted(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(", ");
}

/** `column IN (...)`: a text column holds one of the values (or NULL). */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(quoted(values))})`;
}

/** `column <@ ARRAY[...]`: every element of a text[] column is one of the values. */
export function allOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} <@ array[${sql.raw(quoted(values))}]::text[]`;
}
