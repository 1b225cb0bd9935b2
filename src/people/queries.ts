/** All SQL of people: the filtered list, one record, and the audited writes (sensitive fields only when allowed). */
import { arrayContains, asc, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { readRecordCounts } from "../db/record-counts";
import { reusable } from "../db/reusable";
import { people } from "../db/schema";
import { lockAtVersion, type SaveResult } from "../db/versioned";
import { archivedCondition, sameTextCondition } from "../directory/records";
import { listsEveryActiveRecord, planSearch } from "../directory/search";
import { personSearchColumns } from "../directory/search-columns";
import { type PeopleFilters, type PersonInput, sensitivePersonFields } from "./validation";

export type Person = typeof people.$inferSelect;
export const peoplePageSize = 50;

/** Which people the list holds and in what order: one page, or with `all` every match (for an export). */
export function planPeopleList(db: Db, filters: PeopleFilters, all = false) {
  return planSearch(db, people, people.fullName, {
    q: filters.q,
    sort: filters.sort,
    pageSize: peoplePageSize,
    page: filters.page,
    all,
    count: listsEveryActiveRecord(filters) ? async () => (await readRecordCounts(db)).people : undefined,
    conditions: [
      archivedCondition(people, filters.archived),
      // Erased people are not in the directory, not even among the archived (decision 24).
      isNull(people.erasedAt),
      filters.stakeholderType ? eq(people.stakeholderType, filters.stakeholderType) : undefined,
      filters.country ? eq(people.country, filters.country) : undefined,
      filters.tag ? arrayContains(people.tags, [filters.tag]) : undefined,
      sameTextCondition(people.city, filters.city),
      sameTextCondition(people.community, filters.community),
    ],
  });
}

/** One page of the list, or with `all` every matching record. */
export async function listPeople(db: Db, filters: PeopleFilters, all = false) {
  const plan = await planPeopleList(db, filters, all);
  const rows = await db
    .select({
      id: people.id,
      fullName: people.fullName,
      otherNames: people.otherNames,
      stakeholderType: people.stakeholderType,
      country: people.country,
      city: people.city,
      email: people.email,
      archivedAt: people.archivedAt,
    })
    .from(people)
    .where(plan.where)
    .orderBy(...plan.order, asc(people.id))
    .limit(plan.limit)
    .offset(plan.offset);
  return { rows, total: plan.total, more: plan.more };
}

export type PersonRow = Awaited<ReturnType<typeof listPeople>>["rows"][number];

const personById = reusable((db) =>
  db
    .select()
    .from(people)
    .where(eq(people.id, sql.placeholder("id")))
    .prepare("person_by_id"),
);

export async function getPerson(db: Db | Tx, id: number): Promise<Person | undefined> {
  const [row] = await personById(db).execute({ id });
  return row;
}

/** The fields a person's form edits; without the right to see them, the sensitive ones are left out entirely. */
export function editableFields(record: Person | PersonInput, withSensitive: boolean): Partial<PersonInput> {
  const { fullName, otherNames, gender, birthYear, stakeholderType, email, phone, city, country } = record;
  const { languages, tags, notes, community, displacementStatus } = record;
  const fields = {
    ...{ fullName, otherNames, gender, birthYear, stakeholderType, email, phone, city, country },
    ...{ languages, tags, notes, community, displacementStatus },
  };
  if (withSensitive) return fields;
  for (const field of sensitivePersonFields) delete fields[field];
  return fields;
}

export async function createPerson(
  tx: Tx,
  input: PersonInput,
  withSensitive: boolean,
  actor: Actor,
): Promise<number> {
  const values = editableFields(input, withSensitive) as PersonInput;
  const [row] = await tx
    .insert(people)
    .values({ ...values, ...personSearchColumns(input), createdBy: actor.userId, updatedBy: actor.userId })
    .returning({ id: people.id });
  const id = row?.id as number;
  await recordAudit(tx, {
    ...actor,
    action: "person.create",
    entityType: "person",
    entityId: id,
    after: values,
  });
  return id;
}

/** Saves only if nobody saved since `version` was read; a user who may not see sensitive fields cannot change them. */
export async function updatePerson(
  tx: Tx,
  id: number,
  version: number,
  input: PersonInput,
  withSensitive: boolean,
  actor: Actor,
): Promise<SaveResult<Person>> {
  const locked = await lockAtVersion(tx, people, id, version);
  if (!("before" in locked)) return locked;
  const { before } = locked;
  const values = editableFields(input, withSensitive);
  await tx
    .update(people)
    .set({
      ...values,
      ...personSearchColumns(input),
      version: version + 1,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    })
    .where(eq(people.id, id));
  await recordAudit(tx, {
    ...actor,
    action: "person.update",
    entityType: "person",
    entityId: id,
    before: editableFields(before, withSensitive),
    after: values,
  });
  return { saved: true };
}
