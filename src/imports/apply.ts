/**
 * Writes an import plan, inside the caller's transaction, in set-based statements: each kind of record is inserted or
 * updated a few thousand at a time from one JSON parameter, with ids taken from the table's own sequence so every
 * line knows its record. What was written is recorded line by line in import_rows (with the values before each
 * update and the version after it), which is what undo reads.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../db/client";
import { organizationSearchColumns, personSearchColumns } from "../directory/search-columns";
import type { Values } from "./merge";
import type { ImportPlan } from "./plan";
import type { OrganizationRecord } from "./plan-organizations";
import type { OrganizationRef, PersonRecord } from "./plan-people";

const chunkSize = 5_000;

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += chunkSize)
    result.push(items.slice(start, start + chunkSize));
  return result;
}

/** `count` new ids of the table's identity sequence, in order. */
async function newIds(tx: Tx, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = rowsOf<{ id: number | string }>(
    await tx.execute(
      sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`,
    ),
  );
  return rows.map((row) => Number(row.id));
}

/** Inserts rows given as JSON objects (snake_case keys) into `table`, with the column types `types` declares. */
async function insertJson(tx: Tx, table: string, types: string, rows: Values[]) {
  const columns = types
    .split(",")
    .map((pair) => pair.trim().split(" ")[0])
    .join(", ");
  for (const chunk of chunks(rows)) {
    await tx.execute(
      sql
        .raw(
          `insert into ${table} (${columns}) overriding system value select ${columns} from jsonb_to_recordset(`,
        )
        .append(sql`${JSON.stringify(chunk)}::jsonb`)
        .append(sql.raw(`) as r(${types})`)),
    );
  }
}

/** Sets the listed columns of `table` from rows given as JSON objects with their `id`. */
async function updateJson(tx: Tx, table: string, types: string, rows: Values[]) {
  const sets = types
    .split(",")
    .map((pair) => pair.trim().split(" ")[0])
    .filter((column) => column !== "id")
    .map((column) => `${column} = r.${column}`)
    .join(", ");
  for (const chunk of chunks(rows)) {
    await tx.execute(
      sql
        .raw(
          `update ${table} as t set ${sets}, version = t.version + 1, updated_at = now() from jsonb_to_recordset(`,
        )
        .append(sql`${JSON.stringify(chunk)}::jsonb`)
        .append(sql.raw(`) as r(${types}) where t.id = r.id`)),
    );
  }
}

const organizationTypes =
  "id int, name text, kind text, country text, city text, address text, website text, email text, phone text, sectors text[], communities_served text[], description text, tags text[], search_text text, name_key text, created_by int, updated_by int";
const personTypes =
  "id int, full_name text, email text, phone text, gender text, birth_year smallint, stakeholder_type text, city text, country text, languages text[], tags text[], notes text, other_names text[], search_text text, name_key text, created_by int, updated_by int";

function organizationRow(id: number, values: Values, userId: number | null): Values {
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

function personRow(id: number, values: Values, userId: number | null): Values {
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
const withoutCreator = (types: string) => types.replace(", created_by int", "");
const withoutCreatorValue = ({ created_by: _creator, ...row }: Values) => row;

/** The stored values with the plan's changes applied (what an update writes). */
function withChanges(stored: Values, changes: { field: string; after: unknown }[]): Values {
  const after = { ...stored };
  for (const change of changes) after[change.field] = change.after;
  return after;
}

export type ImportRowEntry = {
  line: number;
  outcome: "created" | "updated" | "unchanged" | "rejected" | "possible_duplicate";
  entityType: string | null;
  entityId: number | null;
  values?: unknown;
  errors?: unknown;
  before?: unknown;
};

/** Writes the plan; returns the import_rows entries (the caller stores them with the import). */
export async function applyPlan(tx: Tx, plan: ImportPlan, userId: number | null, activityId?: number) {
  const entries: ImportRowEntry[] = [];
  const record = (entry: ImportRowEntry) => entries.push(entry);

  const organizationIds = await writeOrganizations(tx, plan.organizations, userId, record);
  const organizationIdOf = (ref: OrganizationRef) =>
    "existingId" in ref ? ref.existingId : (organizationIds[ref.record] as number);
  const personIds = await writePeople(tx, plan.people, userId, record);
  await writeAffiliations(tx, plan.people, personIds, organizationIdOf, userId, record);
  if (plan.kind === "participants" && activityId !== undefined) {
    await writeParticipations(tx, plan, activityId, personIds, organizationIdOf, userId, record);
  }
  for (const line of plan.lines) {
    if (line.errors.length > 0) {
      record({
        line: line.line,
        outcome: "rejected",
        entityType: null,
        entityId: null,
        values: line.cells,
        errors: line.errors,
      });
    }
  }
  return entries;
}

type Record_ = (entry: ImportRowEntry) => void;

async function writeOrganizations(
  tx: Tx,
  records: OrganizationRecord[],
  userId: number | null,
  record: Record_,
) {
  const fresh = records.filter((r) => !r.existing);
  const ids = await newIds(tx, "organizations", fresh.length);
  const idOf: number[] = [];
  let next = 0;
  const inserts: Values[] = [];
  const updates: Values[] = [];
  records.forEach((r, at) => {
    const line = r.lines[0] ?? 0;
    if (!r.existing) {
      const id = ids[next++] as number;
      idOf[at] = id;
      inserts.push(organizationRow(id, r.values, userId));
      record({ line, outcome: r.outcome, entityType: "organization", entityId: id, values: { version: 1 } });
      return;
    }
    idOf[at] = r.existing.id;
    if (r.changes.length > 0) {
      updates.push(organizationRow(r.existing.id, withChanges(r.existing, r.changes), userId));
      const before = Object.fromEntries(r.changes.map((change) => [change.field, change.before]));
      const values = { version: r.existing.version + 1 };
      record({
        line,
        outcome: "updated",
        entityType: "organization",
        entityId: r.existing.id,
        values,
        before,
      });
    } else {
      record({ line, outcome: "unchanged", entityType: "organization", entityId: r.existing.id });
    }
  });
  await insertJson(tx, "organizations", organizationTypes, inserts);
  await updateJson(tx, "organizations", withoutCreator(organizationTypes), updates.map(withoutCreatorValue));
  return idOf;
}

async function writePeople(tx: Tx, records: PersonRecord[], userId: number | null, record: Record_) {
  const ids = await newIds(tx, "people", records.filter((r) => !r.existing).length);
  const idOf: number[] = [];
  let next = 0;
  const inserts: Values[] = [];
  const updates: Values[] = [];
  records.forEach((r, at) => {
    const line = r.lines[0] ?? 0;
    if (!r.existing) {
      const id = ids[next++] as number;
      idOf[at] = id;
      inserts.push(personRow(id, r.values, userId));
      record({ line, outcome: r.outcome, entityType: "person", entityId: id, values: { version: 1 } });
      return;
    }
    idOf[at] = r.existing.id;
    if (r.changes.length > 0) {
      updates.push(personRow(r.existing.id, withChanges(r.existing, r.changes), userId));
      const before = Object.fromEntries(r.changes.map((change) => [change.field, change.before]));
      const values = { version: r.existing.version + 1 };
      record({ line, outcome: "updated", entityType: "person", entityId: r.existing.id, values, before });
    } else {
      record({ line, outcome: r.outcome, entityType: "person", entityId: r.existing.id });
    }
  });
  await insertJson(tx, "people", personTypes, inserts);
  await updateJson(tx, "people", withoutCreator(personTypes), updates.map(withoutCreatorValue));
  return idOf;
}

/** A new affiliation for each organisation the file names for someone not yet with it; the first is main if they have none. */
async function writeAffiliations(
  tx: Tx,
  records: PersonRecord[],
  personIds: number[],
  organizationIdOf: (ref: OrganizationRef) => number,
  userId: number | null,
  record: Record_,
) {
  const joining = records.flatMap((r, at) =>
    r.memberships
      .filter((m) => m.isNew)
      .map((m) => ({ personId: personIds[at] as number, line: r.lines[0] ?? 0, m })),
  );
  if (joining.length === 0) return;
  const personList = [...new Set(joining.map((j) => j.personId))];
  const withPrimary = new Set(
    rowsOf<{ person_id: number }>(
      await tx.execute(
        sql`select person_id from affiliations where is_primary and person_id in (select value::int from jsonb_array_elements_text(${JSON.stringify(personList)}::jsonb))`,
      ),
    ).map((row) => Number(row.person_id)),
  );
  const ids = await newIds(tx, "affiliations", joining.length);
  const rows = joining.map(({ personId, line, m }, i) => {
    const primary = !withPrimary.has(personId);
    if (primary) withPrimary.add(personId);
    const id = ids[i] as number;
    record({ line, outcome: "created", entityType: "affiliation", entityId: id, values: { version: 1 } });
    return {
      id,
      person_id: personId,
      organization_id: organizationIdOf(m.organization),
      position: m.position,
      is_primary: primary,
      created_by: userId,
      updated_by: userId,
    };
  });
  await insertJson(
    tx,
    "affiliations",
    "id int, person_id int, organization_id int, position text, is_primary boolean, created_by int, updated_by int",
    rows,
  );
}

async function writeParticipations(
  tx: Tx,
  plan: ImportPlan,
  activityId: number,
  personIds: number[],
  organizationIdOf: (ref: OrganizationRef) => number,
  userId: number | null,
  record: Record_,
) {
  const fresh = plan.participations.filter((p) => !p.existing);
  const ids = await newIds(tx, "participations", fresh.length);
  let next = 0;
  const inserts: Values[] = [];
  const updates: Values[] = [];
  for (const p of plan.participations) {
    const line = p.lines[0] ?? 0;
    if (!p.existing) {
      const id = ids[next++] as number;
      inserts.push({
        id,
        activity_id: activityId,
        person_id: personIds[p.person],
        role: p.values.role,
        status: p.values.status,
        organization_id: p.organization ? organizationIdOf(p.organization) : null,
        created_by: userId,
        updated_by: userId,
      });
      record({ line, outcome: "created", entityType: "participation", entityId: id, values: { version: 1 } });
    } else if (p.changes.length > 0) {
      updates.push({ id: p.existing.id, role: p.values.role, status: p.values.status, updated_by: userId });
      const before = Object.fromEntries(p.changes.map((change) => [change.field, change.before]));
      const values = { version: p.existing.version + 1 };
      record({
        line,
        outcome: "updated",
        entityType: "participation",
        entityId: p.existing.id,
        values,
        before,
      });
    } else {
      record({ line, outcome: "unchanged", entityType: "participation", entityId: p.existing.id });
    }
  }
  await insertJson(
    tx,
    "participations",
    "id int, activity_id int, person_id int, role text, status text, organization_id int, created_by int, updated_by int",
    inserts,
  );
  await updateJson(tx, "participations", "id int, role text, status text, updated_by int", updates);
  // The snapshot of who they were then: the organisation the sheet names, else the one they were with on the
  // activity's first day (as adding by hand takes it), and their stakeholder type.
  if (inserts.length > 0) {
    const added = JSON.stringify(inserts.map((row) => row.id));
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
        where added.id in (select value::int from jsonb_array_elements_text(${added}::jsonb))
      ) s
      where pa.id = s.id`);
  }
}
