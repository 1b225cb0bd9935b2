/**
 * "Everything we hold on this person" (decision 24), for an access request: every record about one person, read in
 * one snapshot. The person's own row (sensitive fields and pseudonym too), their affiliations, activities,
 * nominations, contacts, consents, the changes partners proposed, the file lines that wrote them, merges, the audit
 * history of the person and of their affiliations, participations and consents, and the access log entries that
 * covered them. Nothing of another person is read: a contact's other participants and an access log entry's other
 * people are left out (an audit event keeps only the ids it recorded).
 */
import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, rowsOf, type Tx } from "../db/client";
import {
  activities,
  affiliations,
  consents,
  interactionPeople,
  interactions,
  merges,
  organizations,
  participations,
  partnerProposals,
  people,
  users,
} from "../db/schema";
import { consentPurposes } from "../db/schema/enums";
import { fileOf, readingOf } from "../imports/record";
import { openTable } from "../imports/table";

/** The sections, in the order both the page and the JSON give them. */
export const everythingSections = [
  "person",
  "otherNames",
  "affiliations",
  "participations",
  "nominations",
  "contacts",
  "consents",
  "proposals",
  "imports",
  "merges",
  "history",
  "accessLog",
] as const;
export type EverythingSection = (typeof everythingSections)[number];

/** The person's row as stored, but the search keys made from the name (the name itself is there). */
export type PersonRecord = Omit<typeof people.$inferSelect, "searchText" | "nameKey"> & {
  erasedByName: string | null;
  mergedIntoName: string | null;
};

export type HistoryEntry = {
  id: number;
  createdAt: Date;
  action: string;
  entityType: string;
  entityId: number | null;
  /** The activity's title, for an event recorded on an activity (a roster change). */
  activity: string | null;
  userName: string | null;
  before: unknown;
  after: unknown;
};

export type ImportLine = {
  importId: number;
  kind: string;
  fileName: string;
  importedAt: Date;
  undoneAt: Date | null;
  lineNumber: number;
  outcome: string;
  /** What the line wrote: a person or a roster row. */
  entityType: string | null;
  /** The line as the file has it, column by column (empty cells left out); null when the file can no longer be read. */
  line: { column: string; value: string }[] | null;
  /** The values the import replaced (kept for undo), and what it left (version, affiliations made). */
  before: unknown;
  values: unknown;
};

export type AccessEntry = {
  id: number;
  createdAt: Date;
  userName: string | null;
  kind: string;
  what: string;
  /** How many people the page or file covered (this person among them); the others are not named. */
  people: number;
  detail: unknown;
};

async function personRecord(tx: Tx, id: number): Promise<PersonRecord | undefined> {
  const eraser = alias(users, "eraser");
  const survivor = alias(people, "survivor");
  const [row] = await tx
    .select({ person: people, erasedByName: eraser.name, mergedIntoName: survivor.fullName })
    .from(people)
    .leftJoin(eraser, eq(eraser.id, people.erasedBy))
    .leftJoin(survivor, eq(survivor.id, people.mergedIntoId))
    .where(eq(people.id, id));
  if (!row) return undefined;
  const { searchText: _search, nameKey: _key, ...person } = row.person;
  return { ...person, erasedByName: row.erasedByName, mergedIntoName: row.mergedIntoName };
}

function personAffiliations(tx: Tx, id: number) {
  return tx
    .select({
      id: affiliations.id,
      organization: organizations.name,
      position: affiliations.position,
      kind: affiliations.kind,
      startDate: affiliations.startDate,
      endDate: affiliations.endDate,
      isPrimary: affiliations.isPrimary,
      createdAt: affiliations.createdAt,
      updatedAt: affiliations.updatedAt,
    })
    .from(affiliations)
    .innerJoin(organizations, eq(organizations.id, affiliations.organizationId))
    .where(eq(affiliations.personId, id))
    .orderBy(
      desc(affiliations.isPrimary),
      sql`${affiliations.startDate} desc nulls last`,
      asc(affiliations.id),
    );
}

function personParticipations(tx: Tx, id: number) {
  return tx
    .select({
      id: participations.id,
      activityId: activities.id,
      activity: activities.title,
      activityKind: activities.kind,
      startDate: activities.startDate,
      endDate: activities.endDate,
      activityCountry: activities.country,
      activityCity: activities.city,
      role: participations.role,
      status: participations.status,
      // The name the roster recorded; an organisation renamed since still shows what it said then.
      organization: sql<string | null>`coalesce(${participations.organizationName}, ${organizations.name})`,
      stakeholderType: participations.stakeholderType,
      preScore: participations.preScore,
      postScore: participations.postScore,
      createdAt: participations.createdAt,
      updatedAt: participations.updatedAt,
    })
    .from(participations)
    .innerJoin(activities, eq(activities.id, participations.activityId))
    .leftJoin(organizations, eq(organizations.id, participations.organizationId))
    .where(eq(participations.personId, id))
    .orderBy(desc(activities.startDate), desc(participations.id));
}

function personContacts(tx: Tx, id: number) {
  const logger = alias(users, "logger");
  const assignee = alias(users, "assignee");
  return tx
    .select({
      id: interactions.id,
      occurredAt: interactions.occurredAt,
      kind: interactions.kind,
      subject: interactions.subject,
      notes: interactions.notes,
      loggedBy: logger.name,
      activity: activities.title,
      organizations: sql<string[]>`array(
        select o.name from interaction_organizations io join organizations o on o.id = io.organization_id
        where io.interaction_id = ${interactions.id} order by o.name)`,
      followUpDue: interactions.followUpDue,
      followUpNote: interactions.followUpNote,
      followUpAssignee: assignee.name,
      followUpDoneAt: interactions.followUpDoneAt,
    })
    .from(interactionPeople)
    .innerJoin(interactions, eq(interactions.id, interactionPeople.interactionId))
    .leftJoin(logger, eq(logger.id, interactions.loggedBy))
    .leftJoin(assignee, eq(assignee.id, interactions.followUpAssigneeId))
    .leftJoin(activities, eq(activities.id, interactions.activityId))
    .where(eq(interactionPeople.personId, id))
    .orderBy(desc(interactions.occurredAt), desc(interactions.id));
}

async function personConsents(tx: Tx, id: number) {
  const rows = await tx
    .select({
      id: consents.id,
      purpose: consents.purpose,
      status: consents.status,
      givenOn: consents.givenOn,
      method: consents.method,
      note: consents.note,
      recordedBy: users.name,
      createdAt: consents.createdAt,
      updatedAt: consents.updatedAt,
    })
    .from(consents)
    .leftJoin(users, eq(users.id, consents.updatedBy))
    .where(eq(consents.personId, id));
  return rows.sort((a, b) => consentPurposes.indexOf(a.purpose) - consentPurposes.indexOf(b.purpose));
}

function personProposals(tx: Tx, id: number) {
  const proposer = alias(users, "proposer");
  const decider = alias(users, "decider");
  return tx
    .select({
      id: partnerProposals.id,
      organization: organizations.name,
      field: partnerProposals.field,
      oldValue: partnerProposals.oldValue,
      newValue: partnerProposals.newValue,
      status: partnerProposals.status,
      reason: partnerProposals.reason,
      proposedBy: proposer.name,
      proposedAt: partnerProposals.createdAt,
      decidedBy: decider.name,
      decidedAt: partnerProposals.decidedAt,
    })
    .from(partnerProposals)
    .innerJoin(organizations, eq(organizations.id, partnerProposals.organizationId))
    .leftJoin(proposer, eq(proposer.id, partnerProposals.proposedBy))
    .leftJoin(decider, eq(decider.id, partnerProposals.decidedBy))
    .where(eq(partnerProposals.personId, id))
    .orderBy(desc(partnerProposals.createdAt), desc(partnerProposals.id));
}

/** Merges of this record with another: the other's name, and (when this one survived) its fields before the merge. */
async function personMerges(tx: Tx, id: number) {
  const other = alias(people, "other");
  const merger = alias(users, "merger");
  const rows = await tx
    .select({
      id: merges.id,
      survivorId: merges.survivorId,
      mergedId: merges.mergedId,
      otherName: other.fullName,
      survivorBefore: merges.survivorBefore,
      mergedBy: merger.name,
      mergedAt: merges.createdAt,
      undoneAt: merges.undoneAt,
    })
    .from(merges)
    .leftJoin(
      other,
      eq(
        other.id,
        sql`case when ${merges.survivorId} = ${id} then ${merges.mergedId} else ${merges.survivorId} end`,
      ),
    )
    .leftJoin(merger, eq(merger.id, merges.mergedBy))
    .where(and(eq(merges.kind, "person"), or(eq(merges.survivorId, id), eq(merges.mergedId, id))))
    .orderBy(desc(merges.createdAt), desc(merges.id));
  return rows.map(({ survivorId, mergedId, survivorBefore, ...merge }) => {
    const intoThis = survivorId === id;
    return {
      ...merge,
      direction: intoThis ? ("intoThis" as const) : ("intoOther" as const),
      otherId: intoThis ? mergedId : survivorId,
      // The survivor's fields before are this person's only when this record survived.
      fieldsBefore: intoThis ? survivorBefore : null,
    };
  });
}

/**
 * The audit events about the person: on their record (affiliations are recorded there too), on their consents and on
 * the proposals about them, and the roster changes that name them or one of their participations.
 */
async function personHistory(tx: Tx, id: number): Promise<HistoryEntry[]> {
  const mine = sql`jsonb_build_object('personId', ${id}::int)`;
  const theirParticipations = sql`(select pa.id from participations pa where pa.person_id = ${id})`;
  const rows = rowsOf<{
    id: number;
    created_at: Date | string;
    action: string;
    entity_type: string;
    entity_id: number | null;
    activity: string | null;
    user_name: string | null;
    before: unknown;
    after: unknown;
  }>(
    await tx.execute(sql`
      select e.id, e.created_at, e.action, e.entity_type, e.entity_id, a.title as activity, u.name as user_name,
             e.before, e.after
      from audit_events e
      left join users u on u.id = e.user_id
      left join activities a on e.entity_type = 'activity' and a.id = e.entity_id
      where (e.entity_type = 'person' and e.entity_id = ${id})
         or (e.entity_type = 'consent' and e.entity_id in (select c.id from consents c where c.person_id = ${id}))
         or (e.entity_type = 'partner_proposal'
             and e.entity_id in (select pp.id from partner_proposals pp where pp.person_id = ${id}))
         or (e.entity_type = 'participation' and e.entity_id in ${theirParticipations})
         or coalesce(e.before, '{}'::jsonb) @> ${mine}
         or coalesce(e.after, '{}'::jsonb) @> ${mine}
         or coalesce(e.after -> 'personIds', '[]'::jsonb) @> to_jsonb(${id}::int)
         or e.before -> 'participationId' in (select to_jsonb(pa.id) from participations pa where pa.person_id = ${id})
         or e.after -> 'participationId' in (select to_jsonb(pa.id) from participations pa where pa.person_id = ${id})
         or exists (
           select 1 from participations pa
           where pa.person_id = ${id} and coalesce(e.after -> 'participationIds', '[]'::jsonb) @> to_jsonb(pa.id)
         )
      order by e.created_at desc, e.id desc`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    createdAt: new Date(row.created_at),
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id === null ? null : Number(row.entity_id),
    activity: row.activity,
    userName: row.user_name,
    before: withoutOtherPeople(row.before),
    after: withoutOtherPeople(row.after),
  }));
}

/** Keys of an audit value that list the people of a shared record (a contact's names and ids): others, not theirs. */
const otherPeopleKeys = new Set(["people", "personIds", "participationIds"]);

function withoutOtherPeople(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !otherPeopleKeys.has(key)));
}

/** Nominations of the person by partner organisations, from the audit log, with the roster row's status now. */
async function personNominations(tx: Tx, id: number) {
  const rows = rowsOf<{
    id: number;
    created_at: Date | string;
    nominated_by: string | null;
    organization: string | null;
    activity: string | null;
    start_date: string | null;
    status: string | null;
  }>(
    await tx.execute(sql`
      select e.id, e.created_at, u.name as nominated_by, o.name as organization, a.title as activity,
             a.start_date::text as start_date, pa.status
      from audit_events e
      left join users u on u.id = e.user_id
      left join activities a on a.id = e.entity_id
      left join organizations o on jsonb_typeof(e.after -> 'organizationId') = 'number'
        and o.id = (e.after ->> 'organizationId')::int
      left join participations pa on jsonb_typeof(e.after -> 'participationId') = 'number'
        and pa.id = (e.after ->> 'participationId')::int and pa.person_id = ${id}
      where e.action = 'participation.nominate' and e.entity_type = 'activity'
        and e.after @> jsonb_build_object('personId', ${id}::int)
      order by e.created_at desc, e.id desc`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    nominatedAt: new Date(row.created_at),
    nominatedBy: row.nominated_by,
    organization: row.organization,
    activity: row.activity,
    startDate: row.start_date,
    statusNow: row.status,
  }));
}

/** The lines of imported files that wrote the person or one of their roster rows, read back from the stored file. */
async function personImportLines(tx: Tx, id: number): Promise<ImportLine[]> {
  const rows = rowsOf<{
    import_id: number;
    kind: string;
    file_name: string;
    created_at: Date | string;
    undone_at: Date | string | null;
    encoding: string | null;
    delimiter: string | null;
    line_number: number;
    outcome: string;
    entity_type: string | null;
    values: unknown;
    before: unknown;
  }>(
    await tx.execute(sql`
      select r.import_id, i.kind, i.file_name, i.created_at, i.undone_at, i.encoding, i.delimiter, r.line_number,
             r.outcome, r.entity_type, r.values, r.before
      from import_rows r join imports i on i.id = r.import_id
      where (r.entity_type = 'person' and r.entity_id = ${id})
         or (r.entity_type = 'participation'
             and r.entity_id in (select pa.id from participations pa where pa.person_id = ${id}))
      order by i.created_at desc, r.import_id desc, r.line_number`),
  );
  const lines = new Map<number, Map<number, { column: string; value: string }[]>>();
  for (const importId of new Set(rows.map((row) => Number(row.import_id)))) {
    const first = rows.find((row) => Number(row.import_id) === importId);
    const wanted = new Set(
      rows.filter((row) => Number(row.import_id) === importId).map((row) => row.line_number),
    );
    lines.set(
      importId,
      await linesOfFile(tx, importId, first ?? { encoding: null, delimiter: null }, wanted),
    );
  }
  return rows.map((row) => ({
    importId: Number(row.import_id),
    kind: row.kind,
    fileName: row.file_name,
    importedAt: new Date(row.created_at),
    undoneAt: row.undone_at === null ? null : new Date(row.undone_at),
    lineNumber: row.line_number,
    outcome: row.outcome,
    entityType: row.entity_type,
    line: lines.get(Number(row.import_id))?.get(row.line_number) ?? null,
    before: row.before,
    values: row.values,
  }));
}

/** The wanted lines of a stored file, each as header and cell; read through once, stopping when all are found. */
async function linesOfFile(
  tx: Tx,
  importId: number,
  reading: { encoding: string | null; delimiter: string | null },
  wanted: Set<number>,
): Promise<Map<number, { column: string; value: string }[]>> {
  const found = new Map<number, { column: string; value: string }[]>();
  const opened = openTable(await fileOf(tx, importId), readingOf(reading));
  if (!opened.ok) return found;
  const { header, batches } = opened.table;
  for (const rows of batches()) {
    for (const row of rows) {
      if (!wanted.has(row.line)) continue;
      found.set(
        row.line,
        row.cells
          .map((value, index) => ({ column: header[index]?.trim() || String(index + 1), value }))
          .filter((cell) => cell.value.trim() !== ""),
      );
    }
    if (found.size === wanted.size) break;
  }
  return found;
}

async function personAccessLog(tx: Tx, id: number): Promise<AccessEntry[]> {
  const rows = rowsOf<{
    id: number;
    created_at: Date | string;
    user_name: string | null;
    kind: string;
    what: string;
    people: number | string;
    detail: unknown;
  }>(
    await tx.execute(sql`
      select l.id, l.created_at, u.name as user_name, l.kind, l.what, cardinality(l.person_ids) as people, l.detail
      from access_log l left join users u on u.id = l.user_id
      where l.person_ids @> array[${id}::int]
      order by l.created_at desc, l.id desc`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    createdAt: new Date(row.created_at),
    userName: row.user_name,
    kind: row.kind,
    what: row.what,
    people: Number(row.people),
    detail: row.detail,
  }));
}

export type Everything = {
  person: PersonRecord;
  otherNames: string[];
  affiliations: Awaited<ReturnType<typeof personAffiliations>>;
  participations: Awaited<ReturnType<typeof personParticipations>>;
  nominations: Awaited<ReturnType<typeof personNominations>>;
  contacts: Awaited<ReturnType<typeof personContacts>>;
  consents: Awaited<ReturnType<typeof personConsents>>;
  proposals: Awaited<ReturnType<typeof personProposals>>;
  imports: ImportLine[];
  merges: Awaited<ReturnType<typeof personMerges>>;
  history: HistoryEntry[];
  accessLog: AccessEntry[];
};

/** Everything held on the person, read in one snapshot; undefined when there is no such record. */
export async function gatherEverything(db: Db, id: number): Promise<Everything | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    const person = await personRecord(tx, id);
    if (!person) return undefined;
    // One after another: a transaction is one connection (and PGlite one connection in all).
    return {
      person,
      otherNames: person.otherNames,
      affiliations: await personAffiliations(tx, id),
      participations: await personParticipations(tx, id),
      nominations: await personNominations(tx, id),
      contacts: await personContacts(tx, id),
      consents: await personConsents(tx, id),
      proposals: await personProposals(tx, id),
      imports: await personImportLines(tx, id),
      merges: await personMerges(tx, id),
      history: await personHistory(tx, id),
      accessLog: await personAccessLog(tx, id),
    };
  });
}

/** Whether the record exists, before anything is logged or read. */
export async function personExists(db: Db, id: number): Promise<{ fullName: string } | undefined> {
  const [row] = await db.select({ fullName: people.fullName }).from(people).where(eq(people.id, id));
  return row;
}

/** The same sections as the page, as a JSON document: codes as stored, times in ISO 8601 (UTC). */
export function everythingDocument(data: Everything, generatedAt: Date) {
  return {
    generatedAt,
    personId: data.person.id,
    ...Object.fromEntries(everythingSections.map((name) => [name, data[name]])),
  };
}
