/**
 * Writes an import plan, inside the caller's transaction, in set-based statements: each kind of record is inserted or
 * updated a few thousand at a time from one JSON parameter, with ids taken from the table's own sequence so every
 * line knows its record. What was written is recorded line by line in import_rows (with the values before each
 * update, the version after it, and the affiliations and consent answers written for a person), which is what undo
 * reads.
 */
import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { rowsOf, type Tx } from "../db/client";
import { affiliations, consents, organizations, participations, people } from "../db/schema";
import { organizationSearchColumns, personSearchColumns } from "../directory/search-columns";
import type { WrittenConsent } from "./consents";
import type { Change, Values } from "./merge";
import { type PreparedPlan, planChunks } from "./plan";
import type { ParticipationRecord } from "./plan-participants";
import type { OrganizationRef, PersonRecord } from "./plan-people";
import { type ImportSummary, SummaryBuilder } from "./summary";

const chunkSize = 5_000;

/** Rows gathered a chunk at a time and written when the chunk is full, so no table of 100,000 rows is built first. */
export class Batch<Row> {
  private rows: Row[] = [];
  constructor(private readonly write: (rows: Row[]) => Promise<void>) {}
  async add(row: Row) {
    this.rows.push(row);
    if (this.rows.length >= chunkSize) await this.flush();
  }
  async flush() {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.write(rows);
  }
}

/**
 * "name type, …" for jsonb_to_recordset: the columns written, each with its type as the drizzle schema declares it,
 * so a column's type is said in one place.
 */
function recordsetTypes(table: PgTable, columns: readonly string[]): string {
  const types = new Map(
    Object.values(getTableColumns(table)).map((column) => [column.name, column.getSQLType()]),
  );
  return columns
    .map((name) => {
      const type = types.get(name);
      if (!type) throw new Error(`${getTableName(table)} has no column ${name}`);
      return `${name} ${type}`;
    })
    .join(", ");
}

/** `count` new ids of the table's identity sequence, in order. */
async function newIds(tx: Tx, table: PgTable, count: number): Promise<number[]> {
  if (count === 0) return [];
  // The sequence's name is looked up once: pg_get_serial_sequence on every row costs as much as the rest.
  const [sequence] = rowsOf<{ name: string }>(
    await tx.execute(sql`select pg_get_serial_sequence(${getTableName(table)}, 'id') as name`),
  );
  const rows = rowsOf<{ id: number | string }>(
    await tx.execute(
      sql`select nextval(${sequence?.name}::regclass) as id from generate_series(1, ${count})`,
    ),
  );
  return rows.map((row) => Number(row.id));
}

/** Inserts rows given as JSON objects (keys: the `columns`, by their names in the database) into `table`. */
async function insertJson(tx: Tx, table: PgTable, columns: readonly string[], rows: Values[]) {
  const names = columns.join(", ");
  await tx.execute(
    sql
      .raw(
        `insert into ${getTableName(table)} (${names}) overriding system value select ${names} from jsonb_to_recordset(`,
      )
      .append(sql`${JSON.stringify(rows)}::jsonb`)
      .append(sql.raw(`) as r(${recordsetTypes(table, columns)})`)),
  );
}

/** A record changed by someone between the plan's reading and the import's writing. */
export class ChangedMeanwhile extends Error {
  constructor() {
    super("records changed during the import");
  }
}

/**
 * Sets the listed columns of `table` from rows given as JSON objects with their `id` and the `expected_version` the
 * plan read: a record whose version moved on since was changed by someone meanwhile, and the import stops (and
 * rolls back) rather than write over that change.
 */
async function updateJson(tx: Tx, table: PgTable, columns: readonly string[], rows: Values[]) {
  const sets = columns
    .filter((column) => column !== "id")
    .map((column) => `${column} = r.${column}`)
    .join(", ");
  const types = recordsetTypes(table, columns);
  const where = `) as r(${types}, expected_version int) where t.id = r.id and t.version = r.expected_version returning t.id`;
  const updated = rowsOf(
    await tx.execute(
      sql
        .raw(
          `update ${getTableName(table)} as t set ${sets}, version = t.version + 1, updated_at = now() from jsonb_to_recordset(`,
        )
        .append(sql`${JSON.stringify(rows)}::jsonb`)
        .append(sql.raw(where)),
    ),
  );
  if (updated.length !== rows.length) throw new ChangedMeanwhile();
}

// The columns an import writes (their types come from the schema: recordsetTypes).
const organizationColumns = [
  "id",
  "name",
  "kind",
  "country",
  "city",
  "address",
  "website",
  "email",
  "phone",
  "sectors",
  "communities_served",
  "description",
  "tags",
  "search_text",
  "name_key",
  "created_by",
  "updated_by",
] as const;
const personColumns = [
  "id",
  "full_name",
  "email",
  "phone",
  "gender",
  "birth_year",
  "stakeholder_type",
  "city",
  "country",
  "languages",
  "tags",
  "notes",
  "other_names",
  "search_text",
  "name_key",
  "created_by",
  "updated_by",
] as const;

function organizationRow(
  id: number,
  values: Values,
  userId: number | null,
): Record<(typeof organizationColumns)[number], unknown> {
  const name = String(values.name);
  const search = organizationSearchColumns({
    name,
    email: (values.email as string) ?? null,
    phone: (values.phone as string) ?? null,
  });
  return {
    id,
    name,
    kind: values.kind ?? "ngo",
    country: values.country ?? null,
    city: values.city ?? null,
    address: values.address ?? null,
    website: values.website ?? null,
    email: values.email ?? null,
    phone: values.phone ?? null,
    sectors: values.sectors ?? [],
    communities_served: values.communitiesServed ?? [],
    description: values.description ?? null,
    tags: values.tags ?? [],
    search_text: search.searchText,
    name_key: search.nameKey,
    created_by: userId,
    updated_by: userId,
  };
}

function personRow(
  id: number,
  values: Values,
  userId: number | null,
): Record<(typeof personColumns)[number], unknown> {
  const fullName = String(values.fullName);
  const otherNames = (values.otherNames as string[]) ?? [];
  const email = (values.email as string) ?? null;
  const phone = (values.phone as string) ?? null;
  const search = personSearchColumns({ fullName, otherNames, email, phone });
  return {
    id,
    full_name: fullName,
    email,
    phone,
    gender: values.gender ?? null,
    birth_year: values.birthYear ?? null,
    stakeholder_type: values.stakeholderType ?? "other",
    city: values.city ?? null,
    country: values.country ?? null,
    languages: values.languages ?? [],
    tags: values.tags ?? [],
    notes: values.notes ?? null,
    other_names: otherNames,
    search_text: search.searchText,
    name_key: search.nameKey,
    created_by: userId,
    updated_by: userId,
  };
}

/** An update keeps who created the record. */
const withoutCreator = (columns: readonly string[]) => columns.filter((column) => column !== "created_by");
const withoutCreatorValue = ({ created_by: _creator, ...row }: Values) => row;

/** The stored values with the plan's changes applied (what an update writes). */
function withChanges(stored: Values, changes: { field: string; after: unknown }[]): Values {
  const after = { ...stored };
  for (const change of changes) after[change.field] = change.after;
  return after;
}

/** One line's record of what the import did; `values.version` is the version it left (1, for a record it created). */
export type ImportRowEntry = {
  line: number;
  outcome: "created" | "updated" | "unchanged" | "rejected" | "possible_duplicate";
  entityType: string | null;
  entityId: number | null;
  values?: unknown;
  errors?: unknown;
  before?: unknown;
};

export type Entries = Batch<ImportRowEntry>;

/**
 * Writes the plan a chunk of records at a time (`entries` gets what each line did, for the caller to store with the
 * import) and records the refused lines; returns the summary of what it wrote.
 */
export async function applyPlan(
  tx: Tx,
  plan: PreparedPlan,
  userId: number | null,
  entries: Entries,
  /** Aborted: the import stops before its next chunk (and rolls back). */
  signal?: AbortSignal,
): Promise<ImportSummary> {
  const summary = new SummaryBuilder(plan);
  // A people or roster file's new organisations first: its people's affiliations point at them.
  const organizationIds = await writeRecords(tx, organizationTarget, plan.organizations, userId, entries);
  const organizationIdOf = (ref: OrganizationRef) =>
    "existingId" in ref ? ref.existingId : (organizationIds[ref.record] as number);
  for await (const chunk of prefetched(planChunks(tx, plan))) {
    signal?.throwIfAborted();
    summary.add(chunk);
    if (plan.kind === "organizations") {
      await writeRecords(tx, organizationTarget, chunk.organizations, userId, entries);
      continue;
    }
    const joining = await joiningOf(tx, chunk.people);
    const affiliationsOf = new Map<number, number[]>();
    for (const { record, id } of joining)
      affiliationsOf.set(record, [...(affiliationsOf.get(record) ?? []), id]);
    const answers = await consentsOf(tx, chunk.people);
    const personIds = await writeRecords(tx, personTarget, chunk.people, userId, entries, (at) => {
      const ids = affiliationsOf.get(at);
      const written = answers.get(at)?.map(({ written }) => written);
      return { ...(ids ? { affiliations: ids } : {}), ...(written ? { consents: written } : {}) };
    });
    await writeAffiliations(tx, joining, personIds, organizationIdOf, userId);
    await writeConsents(tx, answers, personIds, userId);
    const activityId = plan.options.activity?.id;
    if (activityId !== undefined) {
      await writeParticipations(
        tx,
        chunk.participations,
        activityId,
        personIds,
        organizationIdOf,
        userId,
        entries,
      );
    }
  }
  await entries.flush();
  // Each refused line is recorded with its cells and why, straight from the staged lines.
  await tx.execute(sql`
    insert into import_rows (import_id, line_number, outcome, values, errors)
    select import_id, line, 'rejected', cells, errors from import_lines
    where staging = ${plan.options.staging} and errors is not null order by line`);
  return summary.finish(tx);
}

/**
 * The chunks, each next one asked for as soon as the one before is handed out: its lines are read and its records
 * built while the one before is being written.
 */
async function* prefetched<T>(chunks: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = chunks.next();
  for (;;) {
    const { value, done } = await next;
    if (done) return;
    next = chunks.next();
    // Not left unhandled while this chunk is written; awaited (and thrown) at the next turn.
    next.catch(() => {});
    yield value;
  }
}

type Target = {
  table: PgTable;
  columns: readonly string[];
  entityType: string;
  row: (id: number, values: Values, userId: number | null) => Values;
};
const organizationTarget: Target = {
  table: organizations,
  columns: organizationColumns,
  entityType: "organization",
  row: organizationRow,
};
const personTarget: Target = { table: people, columns: personColumns, entityType: "person", row: personRow };

type PlannedRecord = {
  lines: number[];
  values: Values;
  existing: (Values & { id: number; version: number }) | null;
  changes: Change[];
  outcome: ImportRowEntry["outcome"];
};

/** Inserts the new records and updates the changed ones, a chunk at a time; returns each record's id, in order. */
async function writeRecords(
  tx: Tx,
  target: Target,
  records: PlannedRecord[],
  userId: number | null,
  entries: Entries,
  /** More for a record's line in import_rows (a person's new affiliations). */
  entryValuesOf: (at: number) => Values = () => ({}),
) {
  const ids = await newIds(tx, target.table, records.filter((r) => !r.existing).length);
  const inserts = new Batch<Values>((rows) => insertJson(tx, target.table, target.columns, rows));
  const updates = new Batch<Values>((rows) =>
    updateJson(tx, target.table, withoutCreator(target.columns), rows),
  );
  const entityType = target.entityType;
  const idOf: number[] = [];
  let next = 0;
  for (const [at, r] of records.entries()) {
    const line = r.lines[0] ?? 0;
    if (!r.existing) {
      const id = ids[next++] as number;
      idOf[at] = id;
      await inserts.add(target.row(id, r.values, userId));
      const more = entryValuesOf(at);
      await entries.add({
        line,
        outcome: r.outcome,
        entityType,
        entityId: id,
        values: Object.keys(more).length > 0 ? more : undefined,
      });
      continue;
    }
    const { id, version } = r.existing;
    idOf[at] = id;
    const more = entryValuesOf(at);
    if (r.changes.length === 0 && Object.keys(more).length === 0) {
      await entries.add({ line, outcome: "unchanged", entityType, entityId: id });
      continue;
    }
    // The version it leaves: one on, unless only affiliations or consent answers were added (rows of their own).
    const values = { version: r.changes.length > 0 ? version + 1 : version, ...more };
    if (r.changes.length > 0) {
      const row = withoutCreatorValue(target.row(id, withChanges(r.existing, r.changes), userId));
      await updates.add({ ...row, expected_version: version });
    }
    const before = Object.fromEntries(r.changes.map((change) => [change.field, change.before]));
    await entries.add({ line, outcome: r.outcome, entityType, entityId: id, values, before });
  }
  await inserts.flush();
  await updates.flush();
  return idOf;
}

type Joining = {
  record: number;
  id: number;
  organization: OrganizationRef;
  position: string | null;
  primary: boolean;
};

/**
 * A new affiliation, with its id, for each organisation the file names for someone not yet with it; the first is main
 * if they have none. Known before the people are written, so each person's line can list the affiliations made.
 */
async function joiningOf(tx: Tx, records: PersonRecord[]): Promise<Joining[]> {
  const joining = records.flatMap((r, record) =>
    r.memberships.filter((m) => m.isNew).map((m) => ({ record, existingId: r.existing?.id, m })),
  );
  if (joining.length === 0) return [];
  const known = [...new Set(joining.flatMap((j) => (j.existingId === undefined ? [] : [j.existingId])))];
  const withPrimary = new Set(
    known.length === 0
      ? []
      : rowsOf<{ person_id: number }>(
          await tx.execute(
            sql`select person_id from affiliations where is_primary and person_id in (select value::int from jsonb_array_elements_text(${JSON.stringify(known)}::jsonb))`,
          ),
        ).map((row) => Number(row.person_id)),
  );
  const hasPrimary = new Set<number>();
  const ids = await newIds(tx, affiliations, joining.length);
  return joining.map(({ record, existingId, m }, i) => {
    const primary = !hasPrimary.has(record) && !(existingId !== undefined && withPrimary.has(existingId));
    hasPrimary.add(record);
    return { record, id: ids[i] as number, organization: m.organization, position: m.position, primary };
  });
}

async function writeAffiliations(
  tx: Tx,
  joining: Joining[],
  personIds: number[],
  organizationIdOf: (ref: OrganizationRef) => number,
  userId: number | null,
) {
  const columns = [
    "id",
    "person_id",
    "organization_id",
    "position",
    "is_primary",
    "created_by",
    "updated_by",
  ];
  const inserts = new Batch<Values>((rows) => insertJson(tx, affiliations, columns, rows));
  for (const j of joining) {
    await inserts.add({
      id: j.id,
      person_id: personIds[j.record],
      organization_id: organizationIdOf(j.organization),
      position: j.position,
      is_primary: j.primary,
      created_by: userId,
      updated_by: userId,
    });
  }
  await inserts.flush();
}

type ConsentToWrite = {
  purpose: string;
  status: string;
  givenOn: string;
  method: string;
  /** The stored answer's version it replaces (null: a new row). */
  expectedVersion: number | null;
  written: WrittenConsent;
};

/**
 * The consent answers the chunk's people get, by record, each with its row's id (new rows take theirs from the
 * sequence now) and what undo needs: the version it leaves and the answer before.
 */
async function consentsOf(tx: Tx, records: PersonRecord[]): Promise<Map<number, ConsentToWrite[]>> {
  const fresh = records.flatMap((r) => r.consents.filter((c) => !c.existing)).length;
  const ids = await newIds(tx, consents, fresh);
  let next = 0;
  const byRecord = new Map<number, ConsentToWrite[]>();
  for (const [at, r] of records.entries()) {
    if (r.consents.length === 0) continue;
    byRecord.set(
      at,
      r.consents.map(({ purpose, answer, existing }) => ({
        ...answer,
        purpose,
        expectedVersion: existing?.version ?? null,
        written: {
          id: existing?.id ?? (ids[next++] as number),
          purpose,
          version: existing ? existing.version + 1 : 1,
          before: existing
            ? {
                status: existing.status,
                givenOn: existing.givenOn,
                method: existing.method,
                updatedBy: existing.updatedBy,
              }
            : null,
        },
      })),
    );
  }
  return byRecord;
}

/**
 * Writes the answers: new rows (a row someone added meanwhile for the same person and purpose stops the import, as a
 * record changed meanwhile does), and stored ones replaced only at the version the plan read.
 */
async function writeConsents(
  tx: Tx,
  answers: Map<number, ConsentToWrite[]>,
  personIds: number[],
  userId: number | null,
) {
  const inserts = new Batch<Values>(async (rows) => {
    const inserted = rowsOf(
      await tx.execute(sql`
        insert into consents (id, person_id, purpose, status, given_on, method, created_by, updated_by)
        overriding system value
        select id, person_id, purpose, status, given_on, method, created_by, updated_by
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(
          recordsetTypes(consents, [
            "id",
            "person_id",
            "purpose",
            "status",
            "given_on",
            "method",
            "created_by",
            "updated_by",
          ]),
        )})
        on conflict (person_id, purpose) do nothing
        returning id`),
    );
    if (inserted.length !== rows.length) throw new ChangedMeanwhile();
  });
  const updates = new Batch<Values>((rows) =>
    updateJson(tx, consents, ["id", "status", "given_on", "method", "updated_by"], rows),
  );
  for (const [at, list] of answers) {
    for (const answer of list) {
      const row = {
        id: answer.written.id,
        status: answer.status,
        given_on: answer.givenOn,
        method: answer.method,
        updated_by: userId,
      };
      if (answer.expectedVersion === null) {
        await inserts.add({ ...row, person_id: personIds[at], purpose: answer.purpose, created_by: userId });
      } else {
        await updates.add({ ...row, expected_version: answer.expectedVersion });
      }
    }
  }
  await inserts.flush();
  await updates.flush();
}

async function writeParticipations(
  tx: Tx,
  records: ParticipationRecord[],
  activityId: number,
  personIds: number[],
  organizationIdOf: (ref: OrganizationRef) => number,
  userId: number | null,
  entries: Entries,
) {
  const fresh = records.filter((p) => !p.existing);
  const ids = await newIds(tx, participations, fresh.length);
  let next = 0;
  const added: number[] = [];
  const insertColumns = [
    "id",
    "activity_id",
    "person_id",
    "role",
    "status",
    "organization_id",
    "created_by",
    "updated_by",
  ];
  const inserts = new Batch<Values>((rows) => insertJson(tx, participations, insertColumns, rows));
  const updateColumns = ["id", "role", "status", "updated_by"];
  const updates = new Batch<Values>((rows) => updateJson(tx, participations, updateColumns, rows));
  for (const p of records) {
    const line = p.lines[0] ?? 0;
    if (!p.existing) {
      const id = ids[next++] as number;
      added.push(id);
      await inserts.add({
        id,
        activity_id: activityId,
        person_id: personIds[p.person],
        role: p.values.role,
        status: p.values.status,
        organization_id: p.organization ? organizationIdOf(p.organization) : null,
        created_by: userId,
        updated_by: userId,
      });
      await entries.add({
        line,
        outcome: "created",
        entityType: "participation",
        entityId: id,
      });
    } else if (p.changes.length > 0) {
      await updates.add({
        id: p.existing.id,
        role: p.values.role,
        status: p.values.status,
        updated_by: userId,
        expected_version: p.existing.version,
      });
      const before = Object.fromEntries(p.changes.map((change) => [change.field, change.before]));
      const values = { version: p.existing.version + 1 };
      await entries.add({
        line,
        outcome: "updated",
        entityType: "participation",
        entityId: p.existing.id,
        values,
        before,
      });
    } else {
      await entries.add({ line, outcome: "unchanged", entityType: "participation", entityId: p.existing.id });
    }
  }
  await inserts.flush();
  await updates.flush();
  // The snapshot of who they were then: the organisation the sheet names, else the one they were with on the
  // activity's first day (as adding by hand takes it), and their stakeholder type.
  if (added.length > 0) {
    const addedIds = JSON.stringify(added);
    await tx.execute(sql`
      update participations pa set
        organization_id = s.organization_id,
        organization_name = s.organization_name,
        stakeholder_type = s.stakeholder_type
      from (
        select added.id, p.stakeholder_type,
               coalesce(added.organization_id, then_.organization_id) as organization_id,
               coalesce(named.name, then_.name) as organization_name
        from participations added
        join people p on p.id = added.person_id
        join activities a on a.id = added.activity_id
        left join organizations named on named.id = added.organization_id
        left join lateral (
          select af.organization_id, og.name
          from affiliations af join organizations og on og.id = af.organization_id
          where af.person_id = p.id
            and (af.start_date is null or af.start_date <= a.start_date)
            and (af.end_date is null or af.end_date >= a.start_date)
          order by af.is_primary desc, af.start_date desc nulls last, af.id desc
          limit 1
        ) then_ on true
        where added.id in (select value::int from jsonb_array_elements_text(${addedIds}::jsonb))
      ) s
      where pa.id = s.id`);
  }
}
