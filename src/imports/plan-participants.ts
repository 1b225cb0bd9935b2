/**
 * The roster rows of a sign-in sheet: one per person of the plan. A person already on the roster keeps their row (its
 * role and status updated if the sheet gives others); anyone else is added, attended by default once the activity has
 * begun (a sign-in sheet is who came), registered before.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { participations } from "../db/schema";
import { type Change, changesOver, type Values } from "./merge";
import type { Outcome } from "./plan-organizations";
import type { OrganizationRef, PersonRecord } from "./plan-people";

export type ParticipationRecord = {
  /** Index of the person in the plan's people. */
  person: number;
  lines: number[];
  values: { role: string; status: string };
  /** The organisation the sheet says they represented (the snapshot), if it names one. */
  organization: OrganizationRef | null;
  existing: { id: number; version: number; role: string; status: string } | null;
  changes: Change[];
  outcome: Outcome;
};

/** A participation's fields the sheet always sets. */
const whatHappened: ReadonlySet<string> = new Set(["role", "status"]);

export type ActivityForImport = { id: number; startDate: string };

export async function planParticipations(
  db: Db | Tx,
  activity: ActivityForImport,
  people: PersonRecord[],
  sheetValues: (person: PersonRecord) => Values,
  today: string,
): Promise<ParticipationRecord[]> {
  const knownIds = people.flatMap((person) => (person.existing ? [person.existing.id] : []));
  const onRoster =
    knownIds.length === 0
      ? []
      : await db
          .select({
            id: participations.id,
            personId: participations.personId,
            version: participations.version,
            role: participations.role,
            status: participations.status,
          })
          .from(participations)
          .where(and(eq(participations.activityId, activity.id), inArray(participations.personId, knownIds)));
  const rowOf = new Map(onRoster.map((row) => [row.personId, row]));
  const defaultStatus = activity.startDate <= today ? "attended" : "registered";
  return people.map((person, index): ParticipationRecord => {
    const given = sheetValues(person);
    const existing = person.existing ? (rowOf.get(person.existing.id) ?? null) : null;
    const incoming = { role: given.role ?? null, status: given.status ?? null };
    const record: ParticipationRecord = {
      person: index,
      lines: person.lines,
      values: {
        role: String(incoming.role ?? existing?.role ?? "participant"),
        status: String(incoming.status ?? existing?.status ?? defaultStatus),
      },
      organization: person.memberships[0]?.organization ?? null,
      existing,
      changes: [],
      outcome: "created",
    };
    if (existing) {
      // The sheet's role and status are what happened: they replace the roster's, whatever the preview chose.
      record.changes = changesOver(existing, incoming, whatHappened).changes;
      record.outcome = record.changes.length > 0 ? "updated" : "unchanged";
    }
    return record;
  });
}
