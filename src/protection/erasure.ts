/**
 * Erasing a person on request (decision 24), in one transaction: the people row keeps only what reports count (and
 * is archived, marked erased, with who did it and why); their participations stay as anonymous rows, so every report
 * total stays the same; their affiliations, their place in contact-log entries, consent notes and proposed values go;
 * then every text the database keeps (history, contact notes, mail, import lines and files, jobs, the access log…)
 * has their names, email and phone replaced. Records merged into the person are the same person: they go with it.
 */
import { eq, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import { type Db, rowsOf, type Tx } from "../db/client";
import { people } from "../db/schema";
import { delimiterNamed } from "../imports/delimiter";
import { decodeBytes, detectEncoding, encodingNamed } from "../imports/encoding";
import { asBytea, fileOf } from "../imports/record";
import {
  erasedPlaceholder,
  type Identity,
  type Matcher,
  matcherFor,
  needlesOf,
  replaceInJson,
  rewriteTable,
} from "./erasure-text";

/** What an erased person's row keeps (as the audit log names them): what reports count and break down. */
export const keptReportFields = [
  "gender",
  "birthYear",
  "country",
  "stakeholderType",
  "community",
  "displacementStatus",
] as const;

/**
 * The columns of `people` an erasure leaves as they are: the report fields, the row's bookkeeping, the erasure marks.
 * Every other column (any added later too) goes back to its default: empty, null or "unknown".
 */
const keptPeopleColumns = new Set([
  "id",
  "gender",
  "birth_year",
  "country",
  "stakeholder_type",
  "community",
  "displacement_status",
  "pseudonym",
  "merged_into_id",
  "archived_at",
  "erased_at",
  "erased_by",
  "erasure_reason",
  "created_at",
  "updated_at",
  "created_by",
  "updated_by",
  "version",
  "full_name",
  "search_text",
  "name_key",
]);

/**
 * Text columns the sweep leaves alone, by table: accounts (a user is not a directory record; their account is
 * managed on its own), and other records' own names and contacts (a namesake keeps their name). For the tables named
 * here, only the listed columns are swept; every other table's text and jsonb columns are, but keys and ids.
 */
const sweptOnly: Record<string, readonly string[]> = {
  users: [],
  sessions: [],
  user_tokens: [],
  setup_tokens: [],
  login_throttles: [],
  people: ["notes", "consent_note"],
  organizations: ["description"],
  partner_requests: ["message", "reason"],
  programmes: ["description"],
  focus_areas: ["description"],
  participations: [],
};

/** Codes an audit event about a linked row keeps (what changed, not the text): the rest of its text goes. */
const auditCodes = [
  "status",
  "role",
  "purpose",
  "method",
  "field",
  "kind",
  "givenOn",
  "startDate",
  "endDate",
];

export type ErasureOutcome =
  | { outcome: "erased"; records: number }
  | { outcome: "missing" }
  | { outcome: "alreadyErased"; erasedAt: Date }
  | { outcome: "mergedAway"; mergedIntoId: number };

type Member = Identity & { id: number };

const idSet = (ids: readonly number[]) =>
  sql`(select value::int from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

const quoted = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(", "));

/** The person and every record merged into them (over any number of merges), optionally locked. */
async function membersOf(db: Db | Tx, id: number, lock: boolean): Promise<Member[]> {
  const rows = rowsOf<{
    id: number;
    full_name: string;
    other_names: string;
    email: string | null;
    phone: string | null;
  }>(
    await db.execute(sql`
      with recursive merged(id) as (
        select ${id}::int
        union
        select p.id from people p join merged m on p.merged_into_id = m.id
      )
      select p.id, p.full_name, to_jsonb(p.other_names)::text as other_names, p.email, p.phone
      from people p where p.id in (select id from merged) order by p.id
      ${lock ? sql`for update of p` : sql``}`),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    fullName: row.full_name,
    otherNames: JSON.parse(row.other_names) as string[],
    email: row.email,
    phone: row.phone,
  }));
}

/** A stored document's name, other names, email and phone, as the audit log (camelCase) or an import (snake_case) has them. */
function identityIn(document: unknown): Identity | null {
  if (document === null || typeof document !== "object" || Array.isArray(document)) return null;
  const field = (...names: string[]) => names.map((name) => (document as Record<string, unknown>)[name]);
  const text = (...names: string[]) =>
    field(...names).find((value) => typeof value === "string") as string | undefined;
  const list = field("otherNames", "other_names").flatMap((value) =>
    Array.isArray(value)
      ? value.filter((item) => typeof item === "string")
      : typeof value === "string"
        ? value.split(/[,;]/)
        : [],
  );
  return {
    fullName: text("fullName", "full_name") ?? "",
    otherNames: list,
    email: text("email") ?? null,
    phone: text("phone") ?? null,
  };
}

/**
 * The values they had before (an earlier spelling, an old email): from their own history, their merges and what
 * imports changed of them. They identify them as much as today's.
 */
async function earlierIdentities(tx: Tx, members: number[]): Promise<Identity[]> {
  const group = idSet(members);
  const documents = rowsOf<{ document: string | null }>(
    await tx.execute(sql`
      select before::text as document from audit_events where entity_type = 'person' and entity_id in ${group}
      union all select after::text from audit_events where entity_type = 'person' and entity_id in ${group}
      union all select before::text from import_rows where entity_type = 'person' and entity_id in ${group}
      union all select survivor_before::text from merges where kind = 'person' and survivor_id in ${group}`),
  );
  return documents.flatMap(({ document }) => {
    const identity = document ? identityIn(JSON.parse(document)) : null;
    return identity ? [identity] : [];
  });
}

async function idsOf(tx: Db | Tx, query: SQL): Promise<number[]> {
  return rowsOf<{ id: number }>(await tx.execute(query)).map((row) => Number(row.id));
}

/** How much an erasure would remove and keep, for the confirmation page. */
export type ErasurePlan = {
  records: number;
  participations: number;
  affiliations: number;
  contacts: number;
  consents: number;
  proposals: number;
  importLines: number;
  historyEvents: number;
};

export async function planErasure(db: Db, id: number): Promise<ErasurePlan> {
  const members = (await membersOf(db, id, false)).map((member) => member.id);
  const group = idSet(members);
  const [counts] = rowsOf<Record<keyof Omit<ErasurePlan, "records">, number | string>>(
    await db.execute(sql`
      select
        (select count(*) from participations where person_id in ${group}) as participations,
        (select count(*) from affiliations where person_id in ${group}) as affiliations,
        (select count(*) from interaction_people where person_id in ${group}) as contacts,
        (select count(*) from consents where person_id in ${group}) as consents,
        (select count(*) from partner_proposals where person_id in ${group}) as proposals,
        (select count(*) from import_rows where
          (entity_type = 'person' and entity_id in ${group})
          or (entity_type = 'participation' and entity_id in (select id from participations where person_id in ${group}))
          or (entity_type = 'affiliation' and entity_id in (select id from affiliations where person_id in ${group}))
        ) as "importLines",
        (select count(*) from audit_events where entity_type = 'person' and entity_id in ${group}) as "historyEvents"`),
  );
  const number = (value: unknown) => Number(value ?? 0);
  return {
    records: members.length,
    participations: number(counts?.participations),
    affiliations: number(counts?.affiliations),
    contacts: number(counts?.contacts),
    consents: number(counts?.consents),
    proposals: number(counts?.proposals),
    importLines: number(counts?.importLines),
    historyEvents: number(counts?.historyEvents),
  };
}

/** A jsonb object cut down to `keys` (null when none is left, or when it is not an object). */
function onlyKeys(column: SQL, keys: readonly string[]): SQL {
  return sql`(select jsonb_object_agg(key, value) from jsonb_each(
    case when jsonb_typeof(${column}) = 'object' then ${column} else '{}'::jsonb end) where key in (${quoted(keys)}))`;
}

/** A jsonb object without its text values, codes aside (any other value as it is). */
function withoutText(column: SQL): SQL {
  return sql`case when jsonb_typeof(${column}) = 'object' then (
    select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) from jsonb_each(${column})
    where jsonb_typeof(value) <> 'string' or key in (${quoted(auditCodes)})) else ${column} end`;
}

/** The audit log: the person's own history keeps only the report fields; events about their linked rows lose text. */
async function eraseHistory(tx: Tx, members: number[], proposals: number[]) {
  const group = idSet(members);
  await tx.execute(sql`
    update audit_events set before = ${onlyKeys(sql`before`, keptReportFields)},
      after = ${onlyKeys(sql`after`, keptReportFields)}
    where entity_type = 'person' and entity_id in ${group}`);
  const ids = sql`${JSON.stringify(members)}::jsonb`;
  await tx.execute(sql`
    update audit_events set before = ${withoutText(sql`before`)}, after = ${withoutText(sql`after`)}
    where entity_type not in ('person', 'interaction') and (
      jsonb_build_array(before -> 'personId') <@ ${ids} or jsonb_build_array(after -> 'personId') <@ ${ids}
      or (entity_type = 'partner_proposal' and entity_id in ${idSet(proposals)}))`);
  // A contact's snapshots name its people side by side with their ids: the person leaves both lists.
  const mentions = sql.join(
    members.map(
      (id) =>
        sql`before -> 'personIds' @> ${JSON.stringify([id])}::jsonb or after -> 'personIds' @> ${JSON.stringify([id])}::jsonb`,
    ),
    sql` or `,
  );
  const events = rowsOf<{ id: number; before: string | null; after: string | null }>(
    await tx.execute(sql`
      select id, before::text as before, after::text as after from audit_events
      where entity_type = 'interaction' and (${mentions})`),
  );
  const gone = new Set(members);
  const withoutPerson = (text: string | null) => {
    if (text === null) return null;
    const snapshot = JSON.parse(text) as { personIds?: unknown; people?: unknown };
    if (!Array.isArray(snapshot.personIds)) return snapshot;
    const ids = snapshot.personIds as unknown[];
    const keep = ids.map((id) => !gone.has(Number(id)));
    const names = Array.isArray(snapshot.people) ? (snapshot.people as unknown[]) : undefined;
    return {
      ...snapshot,
      personIds: ids.filter((_, index) => keep[index]),
      ...(names ? { people: names.filter((_, index) => keep[index] ?? true) } : {}),
    };
  };
  for (const event of events) {
    const before = withoutPerson(event.before);
    const after = withoutPerson(event.after);
    await tx.execute(sql`
      update audit_events set before = ${before === null ? null : JSON.stringify(before)}::jsonb,
        after = ${after === null ? null : JSON.stringify(after)}::jsonb
      where id = ${event.id}`);
  }
}

/**
 * The stored import files: read in their encoding, the person's lines blanked and their values replaced in the
 * others, stored back as UTF-8 (the encoding column says so). Their staged lines go: the import reads the file anew.
 */
async function eraseFromImportFiles(tx: Tx, lines: Map<number, Set<number>>, matcher: Matcher | null) {
  const records = rowsOf<{ id: number; encoding: string | null; delimiter: string | null }>(
    await tx.execute(sql`select id, encoding, delimiter from imports order by id`),
  );
  for (const record of records) {
    const id = Number(record.id);
    const blank = lines.get(id) ?? new Set<number>();
    const bytes = await fileOf(tx, id);
    const encoding = encodingNamed(record.encoding ?? "") ?? detectEncoding(bytes);
    const text = decodeBytes(bytes, encoding);
    if (blank.size === 0 && !matcher?.test(text)) continue;
    const rewritten = rewriteTable(text, {
      delimiter: delimiterNamed(record.delimiter ?? undefined),
      blank,
      matcher,
    });
    if (rewritten === null) continue;
    await tx.execute(sql`
      update imports set file_bytes = ${asBytea(new TextEncoder().encode(rewritten))}, encoding = 'utf-8',
        staging = null, staged_for = null, updated_at = now()
      where id = ${id}`);
    await tx.execute(sql`delete from import_lines where import_id = ${id}`);
  }
}

type SweptColumn = { name: string; type: string };

/** Each table's text, jsonb and text-array columns that are not keys, ids or in a unique index. */
async function sweptColumns(tx: Tx): Promise<Map<string, SweptColumn[]>> {
  const rows = rowsOf<{ table_name: string; column_name: string; type_name: string }>(
    await tx.execute(sql`
      select c.relname as table_name, a.attname as column_name, t.typname as type_name
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_type t on t.oid = a.atttypid
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
        and t.typname in ('text', 'varchar', 'jsonb', 'json', '_text', '_varchar')
        and not exists (
          select 1 from pg_constraint k
          where k.conrelid = c.oid and k.contype in ('p', 'u', 'f') and a.attnum = any(k.conkey))
        and not exists (
          select 1 from pg_index i where i.indrelid = c.oid and i.indisunique and a.attnum = any(i.indkey::int2[]))
      order by c.relname, a.attnum`),
  );
  const tables = new Map<string, SweptColumn[]>();
  for (const row of rows) {
    const only = sweptOnly[row.table_name];
    if (only && !only.includes(row.column_name)) continue;
    const columns = tables.get(row.table_name) ?? [];
    columns.push({ name: row.column_name, type: row.type_name });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** A column's new value from its JSON form, in the column's own type. */
function fromJson(type: string, json: string): SQL {
  if (type === "jsonb") return sql`${json}::jsonb`;
  if (type === "json") return sql`${json}::json`;
  if (type === "_text") return sql`array(select jsonb_array_elements_text(${json}::jsonb))`;
  if (type === "_varchar") return sql`array(select jsonb_array_elements_text(${json}::jsonb))::varchar[]`;
  return sql`(${json}::jsonb #>> '{}')`;
}

/**
 * Every other place a value of theirs can remain as text: the rows whose text (as PostgreSQL writes it out) matches
 * the needles' pattern are read, the needles replaced in JavaScript (whole words, any case), and the changed rows written back.
 */
async function sweep(tx: Tx, matcher: Matcher) {
  // A rewritten record moves to its next version, so an edit form opened before the erasure cannot write it back.
  const versioned = new Set(
    rowsOf<{ table_name: string }>(
      await tx.execute(sql`
        select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'version' and data_type = 'integer'`),
    ).map((row) => row.table_name),
  );
  for (const [table, columns] of await sweptColumns(tx)) {
    const text = sql.join(
      columns.map((column) => sql`${sql.identifier(column.name)}::text`),
      sql`, `,
    );
    const like = sql`concat_ws(' ', ${text}) ~* ${matcher.sqlPattern}`;
    const read = sql.join(
      columns.map(
        (column, index) =>
          sql`to_jsonb(${sql.identifier(column.name)})::text as ${sql.identifier(`c${index}`)}`,
      ),
      sql`, `,
    );
    const rows = rowsOf<Record<string, string | null>>(
      await tx.execute(
        sql`select ctid::text as row_ref, ${read} from ${sql.identifier(table)} where ${like}`,
      ),
    );
    for (const row of rows) {
      const changes: SQL[] = [];
      columns.forEach((column, index) => {
        const text = row[`c${index}`];
        if (text === null || text === undefined) return;
        const value = JSON.parse(text) as unknown;
        const replaced = replaceInJson(value, matcher);
        if (replaced !== value) {
          changes.push(
            sql`${sql.identifier(column.name)} = ${fromJson(column.type, JSON.stringify(replaced))}`,
          );
        }
      });
      if (changes.length === 0) continue;
      if (versioned.has(table)) changes.push(sql`version = version + 1`);
      await tx.execute(
        sql`update ${sql.identifier(table)} set ${sql.join(changes, sql`, `)} where ctid = ${row.row_ref}::tid`,
      );
    }
  }
}

/**
 * Erases the person (and the records merged into them), audited as `person.erase` with the reason only. Call it in
 * a transaction: the caller's whole erasure commits or none of it does.
 */
export async function erasePerson(tx: Tx, id: number, reason: string, actor: Actor): Promise<ErasureOutcome> {
  const [person] = await tx
    .select({ erasedAt: people.erasedAt, mergedIntoId: people.mergedIntoId })
    .from(people)
    .where(eq(people.id, id))
    .for("update");
  if (!person) return { outcome: "missing" };
  if (person.erasedAt) return { outcome: "alreadyErased", erasedAt: person.erasedAt };
  if (person.mergedIntoId !== null) return { outcome: "mergedAway", mergedIntoId: person.mergedIntoId };

  const members = await membersOf(tx, id, true);
  const memberIds = members.map((member) => member.id);
  const group = idSet(memberIds);
  const matcher = matcherFor(needlesOf([...members, ...(await earlierIdentities(tx, memberIds))]));
  // The reason is kept: it must not name them either.
  const keptReason = matcher ? matcher.replace(reason) : reason;

  const participations = await idsOf(tx, sql`select id from participations where person_id in ${group}`);
  const affiliations = await idsOf(tx, sql`select id from affiliations where person_id in ${group}`);
  const proposals = await idsOf(tx, sql`select id from partner_proposals where person_id in ${group}`);

  // The lines of import files that were theirs: the row's values go, and the line in the stored file.
  const theirLines = rowsOf<{ import_id: number; line_number: number }>(
    await tx.execute(sql`
      update import_rows set values = null, before = null, errors = null, updated_at = now()
      where (entity_type = 'person' and entity_id in ${group})
        or (entity_type = 'participation' and entity_id in ${idSet(participations)})
        or (entity_type = 'affiliation' and entity_id in ${idSet(affiliations)})
      returning import_id, line_number`),
  );
  const lines = new Map<number, Set<number>>();
  for (const row of theirLines) {
    const importId = Number(row.import_id);
    lines.set(importId, (lines.get(importId) ?? new Set()).add(Number(row.line_number)));
  }
  await eraseFromImportFiles(tx, lines, matcher);

  const columns = rowsOf<{ name: string }>(
    await tx.execute(sql`
      select a.attname as name from pg_attribute a
      where a.attrelid = 'public.people'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`),
  );
  const cleared = columns
    .map((column) => column.name)
    .filter((name) => !keptPeopleColumns.has(name))
    .map((name) => sql`${sql.identifier(name)} = default`);
  await tx.execute(sql`
    update people set ${sql.join(
      [
        sql`full_name = ${erasedPlaceholder}`,
        sql`search_text = ''`,
        sql`name_key = ''`,
        ...cleared,
        sql`archived_at = coalesce(archived_at, now())`,
        sql`erased_at = now()`,
        sql`erased_by = ${actor.userId}`,
        sql`erasure_reason = ${keptReason}`,
        sql`version = version + 1`,
        sql`updated_at = now()`,
        sql`updated_by = ${actor.userId}`,
      ],
      sql`, `,
    )}
    where id in ${group}`);

  await tx.execute(sql`delete from affiliations where person_id in ${group}`);
  // The contacts they leave change for whoever has one open: the next version refuses a form from before.
  await tx.execute(sql`
    update interactions set version = version + 1, updated_at = now()
    where id in (select interaction_id from interaction_people where person_id in ${group})`);
  await tx.execute(sql`delete from interaction_people where person_id in ${group}`);
  await tx.execute(sql`
    update consents set note = null, version = version + 1, updated_at = now(), updated_by = ${actor.userId}
    where person_id in ${group} and note is not null`);
  await tx.execute(sql`
    update partner_proposals set old_value = null, new_value = null, updated_at = now()
    where person_id in ${group}`);
  // Mail to them (not to staff about them): nothing of it is kept. Its job finds no message and ends.
  const emails = members.flatMap((member) => (member.email ? [member.email.toLowerCase()] : []));
  if (emails.length > 0) {
    await tx.execute(sql`
      delete from mail_messages
      where lower(to_address) in (select value from jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))`);
  }
  await tx.execute(sql`
    update merges set survivor_before = coalesce(${onlyKeys(sql`survivor_before`, keptReportFields)}, '{}'::jsonb)
    where kind = 'person' and (survivor_id in ${group} or merged_id in ${group})`);
  await eraseHistory(tx, memberIds, proposals);
  if (matcher) await sweep(tx, matcher);

  for (const memberId of memberIds) {
    await recordAudit(tx, {
      ...actor,
      action: "person.erase",
      entityType: "person",
      entityId: memberId,
      after: { reason: keptReason },
    });
  }
  return { outcome: "erased", records: memberIds.length };
}
