/**
 * People in an import plan (a people file, or the people of a sign-in sheet). Rows sharing an email, a phone, or the
 * same name at the same organisation are one person. A person of the directory is matched by email, then phone, then
 * the same name at the same organisation (or, for a row that gives nothing but a name, the one person of that name).
 * A name only alike (another script, another spelling) is never matched: the row creates a person listed as a
 * possible duplicate to review.
 */
import type { Db } from "../db/client";
import { nameKey } from "../text/name-key";
import { incomingConsents, type PlannedConsent, planConsents } from "./consents";
import { type ExistingPerson, peopleByNameKey, peopleToMatch } from "./existing";
import {
  type Change,
  changesOver,
  combineRows,
  groupRows,
  type KeyOfRow,
  sameNameKey,
  type Values,
} from "./merge";
import {
  type OrganizationIndex,
  type OrganizationRecord,
  type Outcome,
  organizationNamed,
  toColumns,
} from "./plan-organizations";

export type OrganizationRef = { existingId: number } | { record: number };

export type PersonRecord = {
  lines: number[];
  values: Values;
  existing: ExistingPerson | null;
  changes: Change[];
  /** The stored values the file differs from (replaced or kept: the preview offers the choice per field). */
  differing?: Change[];
  outcome: Outcome;
  similarTo?: { id: number; name: string };
  /** The organisations the file names for them, each with the position; an affiliation is made where none is. */
  memberships: { organization: OrganizationRef; position: string | null; isNew: boolean }[];
  /** The consent answers the import writes for them (consents.ts), and the same as changes for the preview. */
  consents: PlannedConsent[];
  consentChanges: Change[];
};

/** Import field → people column (organisation and position make an affiliation instead). */
export const personColumnOf: Record<string, string> = {
  full_name: "fullName",
  email: "email",
  phone: "phone",
  gender: "gender",
  birth_year: "birthYear",
  stakeholder_type: "stakeholderType",
  city: "city",
  country: "country",
  languages: "languages",
  tags: "tags",
  notes: "notes",
};

type Row = { line: number; values: Values };
const identityFields = new Set(["email", "phone"]);
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/**
 * The kinds of key that make rows one person, in the order they are joined by: the email, the phone, and the name at
 * the organisation (or alone, for a row that gives nothing else).
 */
function identityKeyKinds(rows: Row[], emails: (string | null)[]): KeyOfRow[] {
  const phone = (index: number) => text(rows[index]?.values.phone);
  const nameAt = (index: number) => {
    const values = rows[index]?.values ?? {};
    const name = sameNameKey(String(values.full_name));
    const organization = text(values.organization);
    if (organization) return `${name}@${sameNameKey(organization)}`;
    return emails[index] || phone(index) ? null : name;
  };
  return [(index) => emails[index] ?? null, phone, nameAt];
}

/** The organisations a people file names: the directory's (by name, or as the preview chose), and new ones. */
export type NamedOrganizations = {
  index: OrganizationIndex;
  records: OrganizationRecord[];
  recordOfName: Map<string, number>;
};

/** The lines of the file that are one person, in file order, with the organisation each names. */
export type LinesOfPerson = { lines: number[]; organizations: (OrganizationRef | null)[] };

/**
 * The file's people before their records are built: which lines are one person (`groups`, in file order of their
 * first lines), the directory's person each group is (or null). Only line numbers are kept: the key rows it was
 * grouped by go.
 */
export type PeopleGrouping = {
  groups: LinesOfPerson[];
  matches: (ExistingPerson | null)[];
  organizationsOf: Map<number, Set<number>>;
  /** The directory's people by loose name key, for the new people only alike to one of them. */
  similar: Map<string, { id: number; name: string }>;
};

/** Groups the staged lines (their key fields: `rows`) into people and matches each to the directory. */
export async function groupPeople(
  db: Db,
  staging: number,
  rows: Row[],
  organizations: NamedOrganizations,
): Promise<PeopleGrouping> {
  const found = await peopleToMatch(db, staging);
  const byEmail = new Map<string, ExistingPerson>();
  const byPhone = new Map<string, ExistingPerson>();
  const byName = new Map<string, ExistingPerson[]>();
  for (const person of found.people) {
    if (person.email) byEmail.set(person.email.toLowerCase(), person);
    if (person.phone) byPhone.set(person.phone, person);
    const key = sameNameKey(person.fullName);
    byName.set(key, [...(byName.get(key) ?? []), person]);
  }
  const organizationOf = (row: Row): OrganizationRef | null => {
    const name = text(row.values.organization);
    if (!name) return null;
    return organizationNamed(
      name,
      row.line,
      organizations.index,
      organizations.records,
      organizations.recordOfName,
    );
  };
  const orgOfRow = rows.map(organizationOf);

  /** A person whose email differs from the group's is someone else, whatever phone or name they share. */
  const sameEmail = (group: number[], person: ExistingPerson) => {
    const email = group.map((index) => text(rows[index]?.values.email)).find(Boolean);
    return !email || !person.email || email.toLowerCase() === person.email.toLowerCase();
  };
  /** The directory's person for a group of rows, by the rules above; null when none. */
  const matchOf = (group: number[]): ExistingPerson | null => {
    for (const index of group) {
      const email = text(rows[index]?.values.email);
      const person = email ? byEmail.get(email.toLowerCase()) : undefined;
      if (person) return person;
    }
    for (const index of group) {
      const phone = text(rows[index]?.values.phone);
      const person = phone ? byPhone.get(phone) : undefined;
      if (person && sameEmail(group, person)) return person;
    }
    for (const index of group) {
      const row = rows[index] as Row;
      const namesakes =
        byName.size === 0 ? [] : (byName.get(sameNameKey(String(row.values.full_name))) ?? []);
      const ref = orgOfRow[index];
      if (ref && "existingId" in ref) {
        const person = namesakes.find(
          (p) => found.organizationsOf.get(p.id)?.has(ref.existingId) && sameEmail(group, p),
        );
        if (person) return person;
      }
      const nameOnly = !text(row.values.email) && !text(row.values.phone) && !ref;
      if (nameOnly) {
        // Nothing but a name: the one person of that name; among several, the one known by nothing but their name
        // too (whom an earlier such line made), so importing the same file again creates no one.
        if (namesakes.length === 1) return namesakes[0] ?? null;
        const bare = namesakes.filter((p) => !p.email && !p.phone && !found.organizationsOf.get(p.id)?.size);
        if (bare.length === 1) return bare[0] ?? null;
      }
    }
    return null;
  };

  // Groups that turn out to be the same person of the directory are one record.
  const groups: number[][] = [];
  const matches: (ExistingPerson | null)[] = [];
  const groupOfPerson = new Map<number, number>();
  const emails = rows.map((row) => text(row.values.email)?.toLowerCase() ?? null);
  for (const group of groupRows(rows.length, identityKeyKinds(rows, emails), emails)) {
    const match = matchOf(group);
    const known = match ? groupOfPerson.get(match.id) : undefined;
    if (known !== undefined) {
      for (const index of group) groups[known]?.push(index);
      continue;
    }
    if (match) groupOfPerson.set(match.id, groups.length);
    groups.push(group);
    matches.push(match);
  }

  return {
    groups: groups.map((group) => {
      const sorted = [...group].sort((a, b) => a - b);
      return {
        lines: sorted.map((index) => rows[index]?.line ?? 0),
        organizations: sorted.map((index) => orgOfRow[index] ?? null),
      };
    }),
    matches,
    organizationsOf: found.organizationsOf,
    similar: await peopleByNameKey(db, staging),
  };
}

/**
 * The records of some of the groups (`at`: their indexes), given the full values of their lines: values combined,
 * changes over the directory's person, the organisations they join; a new person whose name is only alike to
 * someone's is a possible duplicate.
 */
export function buildPeople(
  grouping: PeopleGrouping,
  at: number[],
  valuesOfLine: ReadonlyMap<number, Values>,
  overwrite: ReadonlySet<string>,
  /** The import's day: an answer the file gives without one was given then. */
  today: string,
): PersonRecord[] {
  const { groups, matches } = grouping;
  const valuesOf = (line: number) => valuesOfLine.get(line) ?? {};
  return at.map((group): PersonRecord => {
    const { lines, organizations } = groups[group] ?? { lines: [], organizations: [] };
    const values = combineRows(lines.map((line) => toColumns(valuesOf(line), personColumnOf)));
    const existing = matches[group] ?? null;
    const known = existing
      ? (grouping.organizationsOf.get(existing.id) ?? new Set<number>())
      : new Set<number>();
    const memberships: PersonRecord["memberships"] = [];
    const seen = new Set<string>();
    for (const [at, line] of lines.entries()) {
      const organization = organizations[at];
      if (!organization) continue;
      const key = "existingId" in organization ? `e${organization.existingId}` : `r${organization.record}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const isNew = !("existingId" in organization && known.has(organization.existingId));
      memberships.push({ organization, position: text(valuesOf(line).position), isNew });
    }
    const consent = planConsents(
      existing?.consents ?? null,
      incomingConsents(lines.map(valuesOf), today),
      overwrite,
    );
    const record: PersonRecord = {
      lines,
      values,
      existing,
      changes: [],
      outcome: "created",
      memberships,
      consents: consent.writes,
      consentChanges: consent.changes,
    };
    if (existing) {
      const { fullName: _sameName, ...incoming } = values;
      // The email and phone a person is found by are filled when missing, never replaced: another line's number
      // (a second phone) would otherwise stop this person being found by the one stored.
      const { changes, differing } = changesOver(existing, incoming, overwrite);
      record.changes = changes.filter(
        (change) => !identityFields.has(change.field) || change.before === null || change.before === "",
      );
      record.differing = [
        ...differing.filter((change) => !identityFields.has(change.field)),
        ...consent.differing,
      ];
      const joins = memberships.some((membership) => membership.isNew);
      const answers = consent.writes.length > 0;
      record.outcome = record.changes.length > 0 || joins || answers ? "updated" : "unchanged";
    } else {
      const alike = grouping.similar.get(nameKey(String(values.fullName)));
      if (alike) {
        record.outcome = "possible_duplicate";
        record.similarTo = alike;
      }
    }
    return record;
  });
}
