/** SQL of one contact: logged, read with everything about it, edited (optimistic locking) and deleted; each audited. */
import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import {
  activities,
  interactionOrganizations,
  interactionPeople,
  interactions,
  organizations,
  people,
  users,
} from "../db/schema";
import { lockRow } from "../db/versioned";

/** What a saved contact form stores: the fields, with the people and organisations it names found. */
export type NewInteraction = {
  kind: (typeof interactions.$inferInsert)["kind"];
  occurredAt: Date;
  subject: string;
  notes: string | null;
  activityId: number | null;
  personIds: number[];
  organizationIds: number[];
  followUpDue: string | null;
  followUpAssigneeId: number | null;
  followUpNote: string | null;
};

const assignees = alias(users, "assignees");

/** A contact with who logged it, its activity, its follow-up's assignee, and its people and organisations by name. */
export async function getContact(db: Db | Tx, id: number) {
  const [row] = await db
    .select({
      id: interactions.id,
      occurredAt: interactions.occurredAt,
      kind: interactions.kind,
      subject: interactions.subject,
      notes: interactions.notes,
      loggedBy: interactions.loggedBy,
      loggedByName: users.name,
      activityId: interactions.activityId,
      activityTitle: activities.title,
      followUpDue: interactions.followUpDue,
      followUpAssigneeId: interactions.followUpAssigneeId,
      followUpAssigneeName: assignees.name,
      followUpNote: interactions.followUpNote,
      followUpDoneAt: interactions.followUpDoneAt,
      version: interactions.version,
      createdAt: interactions.createdAt,
      updatedAt: interactions.updatedAt,
    })
    .from(interactions)
    .leftJoin(users, eq(users.id, interactions.loggedBy))
    .leftJoin(assignees, eq(assignees.id, interactions.followUpAssigneeId))
    .leftJoin(activities, eq(activities.id, interactions.activityId))
    .where(eq(interactions.id, id));
  if (!row) return undefined;
  const linkedPeople = await db
    .select({ id: people.id, name: people.fullName })
    .from(interactionPeople)
    .innerJoin(people, eq(people.id, interactionPeople.personId))
    .where(eq(interactionPeople.interactionId, id))
    .orderBy(asc(people.fullName));
  const linkedOrganizations = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(interactionOrganizations)
    .innerJoin(organizations, eq(organizations.id, interactionOrganizations.organizationId))
    .where(eq(interactionOrganizations.interactionId, id))
    .orderBy(asc(organizations.name));
  return { ...row, people: linkedPeople, organizations: linkedOrganizations };
}

export type ContactRecord = NonNullable<Awaited<ReturnType<typeof getContact>>>;

/**
 * What the audit keeps of a contact: names for people reading its history, and the ids behind them (which the
 * history page leaves out) for whoever needs to know exactly which record was meant.
 */
export function contactSnapshot(contact: ContactRecord) {
  return {
    kind: contact.kind,
    occurredAt: contact.occurredAt.toISOString(),
    subject: contact.subject,
    notes: contact.notes,
    people: contact.people.map((person) => person.name),
    organizations: contact.organizations.map((organization) => organization.name),
    activity: contact.activityTitle,
    followUpDue: contact.followUpDue,
    followUpAssignee: contact.followUpAssigneeName,
    followUpNote: contact.followUpNote,
    personIds: contact.people.map((person) => person.id),
    organizationIds: contact.organizations.map((organization) => organization.id),
    activityId: contact.activityId,
    followUpAssigneeId: contact.followUpAssigneeId,
  };
}

/** The snapshot's ids, which the history page does not show (the names beside them say the same to a reader). */
export const snapshotIds = ["personIds", "organizationIds", "activityId", "followUpAssigneeId"] as const;

/** A follow-up's assignee and note are kept only with a due date. */
function followUpColumns(input: NewInteraction) {
  const followUp = input.followUpDue !== null;
  return {
    followUpAssigneeId: followUp ? input.followUpAssigneeId : null,
    followUpNote: followUp ? input.followUpNote : null,
  };
}

async function linkRecords(tx: Tx, id: number, personIds: number[], organizationIds: number[]) {
  if (personIds.length > 0)
    await tx.insert(interactionPeople).values(personIds.map((personId) => ({ interactionId: id, personId })));
  if (organizationIds.length > 0)
    await tx
      .insert(interactionOrganizations)
      .values(organizationIds.map((organizationId) => ({ interactionId: id, organizationId })));
}

/** The contact with its links, and its audit event; in the caller's transaction. */
export async function createInteraction(tx: Tx, input: NewInteraction, actor: Actor): Promise<number> {
  const { personIds, organizationIds, ...fields } = input;
  const [row] = await tx
    .insert(interactions)
    .values({
      ...fields,
      ...followUpColumns(input),
      loggedBy: actor.userId,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    })
    .returning({ id: interactions.id });
  if (!row) throw new Error("insert into interactions returned no row");
  await linkRecords(tx, row.id, personIds, organizationIds);
  await audit(tx, actor, "interaction.create", row.id, undefined, await getContact(tx, row.id));
  return row.id;
}

export type SaveResult = { saved: true } | { saved: false; current: ContactRecord | null };

/** Saves only if nobody saved since `version` was read (a follow-up reassigned meanwhile counts too). */
export async function updateInteraction(
  tx: Tx,
  id: number,
  version: number,
  input: NewInteraction,
  actor: Actor,
): Promise<SaveResult> {
  const before = await getContact(tx, id);
  if (!before || before.version !== version) return { saved: false, current: before ?? null };
  const { personIds, organizationIds, ...fields } = input;
  const changed = await tx
    .update(interactions)
    .set({
      ...fields,
      ...followUpColumns(input),
      // Done stays done while there is a follow-up; without one there is nothing to be done.
      followUpDoneAt: input.followUpDue === null ? null : before.followUpDoneAt,
      version: version + 1,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    })
    // Checked again here: a save committed since the read above leaves nothing to update.
    .where(and(eq(interactions.id, id), eq(interactions.version, version)))
    .returning({ id: interactions.id });
  if (changed.length === 0) return { saved: false, current: (await getContact(tx, id)) ?? null };
  await tx.delete(interactionPeople).where(eq(interactionPeople.interactionId, id));
  await tx.delete(interactionOrganizations).where(eq(interactionOrganizations.interactionId, id));
  await linkRecords(tx, id, personIds, organizationIds);
  await audit(tx, actor, "interaction.update", id, before, await getContact(tx, id));
  return { saved: true };
}

/** Deletes the contact (its links go with it), audited with everything it was; false when it was gone already. */
export async function deleteInteraction(tx: Tx, id: number, actor: Actor): Promise<boolean> {
  // Locked first: an edit saved between reading and deleting would be missing from what the audit keeps.
  if (!(await lockRow(tx, interactions, id))) return false;
  const before = await getContact(tx, id);
  if (!before) return false;
  const deleted = await tx
    .delete(interactions)
    .where(eq(interactions.id, id))
    .returning({ id: interactions.id });
  if (deleted.length === 0) return false;
  await audit(tx, actor, "interaction.delete", id, before, undefined);
  return true;
}

async function audit(
  tx: Tx,
  actor: Actor,
  action: string,
  id: number,
  before: ContactRecord | undefined,
  after: ContactRecord | undefined,
) {
  await recordAudit(tx, {
    ...actor,
    action,
    entityType: "interaction",
    entityId: id,
    before: before && contactSnapshot(before),
    after: after && contactSnapshot(after),
  });
}
