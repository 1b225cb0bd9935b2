/** All SQL of organisations: the filtered list, one record, and the audited writes. */
import { arrayContains, asc, eq } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { readRecordCounts } from "../db/record-counts";
import { organizations } from "../db/schema";
import { lockAtVersion, type SaveResult } from "../db/versioned";
import { archivedCondition, sameTextCondition } from "../directory/records";
import { listsEveryActiveRecord, planSearch } from "../directory/search";
import { organizationSearchColumns } from "../directory/search-columns";
import type { OrganizationFilters, OrganizationInput } from "./validation";

export type Organization = typeof organizations.$inferSelect;
export const organizationsPageSize = 50;

/** Which organisations the list holds and in what order: one page, or with `all` every match (for an export). */
export function planOrganizationList(db: Db, filters: OrganizationFilters, all = false) {
  return planSearch(db, organizations, organizations.name, {
    q: filters.q,
    sort: filters.sort,
    pageSize: organizationsPageSize,
    page: filters.page,
    all,
    count: listsEveryActiveRecord(filters)
      ? async () => (await readRecordCounts(db)).organizations
      : undefined,
    conditions: [
      archivedCondition(organizations, filters.archived),
      filters.kind ? eq(organizations.kind, filters.kind) : undefined,
      filters.country ? eq(organizations.country, filters.country) : undefined,
      filters.tag ? arrayContains(organizations.tags, [filters.tag]) : undefined,
      sameTextCondition(organizations.city, filters.city),
      filters.community ? arrayContains(organizations.communitiesServed, [filters.community]) : undefined,
    ],
  });
}

/** One page of the list, or with `all` every matching record. */
export async function listOrganizations(db: Db, filters: OrganizationFilters, all = false) {
  const plan = await planOrganizationList(db, filters, all);
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      kind: organizations.kind,
      country: organizations.country,
      city: organizations.city,
      tags: organizations.tags,
      archivedAt: organizations.archivedAt,
    })
    .from(organizations)
    .where(plan.where)
    .orderBy(...plan.order, asc(organizations.id))
    .limit(plan.limit)
    .offset(plan.offset);
  return { rows, total: plan.total, more: plan.more };
}

export type OrganizationRow = Awaited<ReturnType<typeof listOrganizations>>["rows"][number];

export async function getOrganization(db: Db | Tx, id: number): Promise<Organization | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

function storedValues(input: OrganizationInput) {
  return { ...input, ...organizationSearchColumns(input) };
}

/** The fields a person edits, for the audit log and the conflict message. */
export function editableFields(record: Organization | OrganizationInput): OrganizationInput {
  const {
    name,
    kind,
    country,
    city,
    address,
    website,
    email,
    phone,
    sectors,
    communitiesServed,
    description,
    tags,
  } = record;
  return {
    name,
    kind,
    country,
    city,
    address,
    website,
    email,
    phone,
    sectors,
    communitiesServed,
    description,
    tags,
  };
}

export async function createOrganization(tx: Tx, input: OrganizationInput, actor: Actor): Promise<number> {
  const [row] = await tx
    .insert(organizations)
    .values({ ...storedValues(input), createdBy: actor.userId, updatedBy: actor.userId })
    .returning({ id: organizations.id });
  const id = row?.id as number;
  await recordAudit(tx, {
    ...actor,
    action: "organization.create",
    entityType: "organization",
    entityId: id,
    after: input,
  });
  return id;
}

/** Saves only if nobody saved since `version` was read; otherwise returns what is stored now. */
export async function updateOrganization(
  tx: Tx,
  id: number,
  version: number,
  input: OrganizationInput,
  actor: Actor,
): Promise<SaveResult<Organization>> {
  const locked = await lockAtVersion(tx, organizations, id, version);
  if (!("before" in locked)) return locked;
  const { before } = locked;
  await tx
    .update(organizations)
    .set({ ...storedValues(input), version: version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(organizations.id, id));
  await recordAudit(tx, {
    ...actor,
    action: "organization.update",
    entityType: "organization",
    entityId: id,
    before: editableFields(before),
    after: input,
  });
  return { saved: true };
}
