/**
 * Nominations: a partner organisation proposes its people (existing, or new to the directory) for an activity open
 * for nominations. Each is a roster row with status "nominated"; a coordinator accepts it (registered) or declines it,
 * and the organisation's partner accounts are told by mail. The activity row is locked while places are counted, so
 * two partners nominating at once cannot pass its capacity.
 */
import { and, eq, isNull } from "drizzle-orm";
import { addAffiliation } from "../affiliations/queries";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { activities, organizations, participations, people, users } from "../db/schema";
import { createTranslator, isLocale } from "../i18n";
import { queueMail } from "../mail/outgoing";
import { createPerson } from "../people/queries";
import type { PersonInput } from "../people/validation";
import { ownPersonIds, placesTaken, takesNominations } from "./portal-queries";

export type Nomination = { existing: number[]; newPeople: PersonInput[] };
export type NominationOutcome =
  | { nominated: number; alreadyListed: number }
  | { refused: "closed" }
  | { refused: "notYours" }
  | { refused: "full"; left: number };

/** Adds the nominations, all or none. */
export async function nominate(
  db: Db,
  organizationId: number,
  activityId: number,
  nomination: Nomination,
  actor: Actor,
): Promise<NominationOutcome> {
  return db.transaction(async (tx): Promise<NominationOutcome> => {
    const [activity] = await tx
      .select({ takes: takesNominations, capacity: activities.capacity })
      .from(activities)
      .where(eq(activities.id, activityId))
      .for("update");
    // The same rule, on the same clock (the database's date), as the pages that show the activity open.
    if (!activity?.takes) return { refused: "closed" };
    const existing = [...new Set(nomination.existing)];
    const own = await ownPersonIds(tx, organizationId, existing);
    if (existing.some((id) => !own.has(id))) return { refused: "notYours" };
    const listed = await alreadyListed(tx, activityId, existing);
    const toAdd = existing.filter((id) => !listed.has(id));
    const wanted = toAdd.length + nomination.newPeople.length;
    if (activity.capacity !== null) {
      const left = Math.max(0, activity.capacity - (await placesTaken(tx, activityId)));
      if (wanted > left) return { refused: "full", left };
    }
    const [organization] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    for (const person of nomination.newPeople) {
      const personId = await createPerson(tx, person, false, actor);
      await addAffiliation(
        tx,
        personId,
        { organizationId, position: null, kind: "staff", startDate: null, endDate: null, isPrimary: false },
        actor,
      );
      toAdd.push(personId);
    }
    for (const personId of toAdd) {
      const [person] = await tx
        .select({ stakeholderType: people.stakeholderType })
        .from(people)
        .where(eq(people.id, personId));
      const [row] = await tx
        .insert(participations)
        .values({
          activityId,
          personId,
          status: "nominated",
          organizationId,
          organizationName: organization?.name ?? null,
          stakeholderType: person?.stakeholderType ?? null,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        })
        .returning({ id: participations.id });
      await recordAudit(tx, {
        ...actor,
        action: "participation.nominate",
        entityType: "activity",
        entityId: activityId,
        after: { participationId: row?.id, personId, organizationId },
      });
    }
    return { nominated: toAdd.length, alreadyListed: listed.size };
  });
}

async function alreadyListed(tx: Tx, activityId: number, personIds: number[]): Promise<Set<number>> {
  if (personIds.length === 0) return new Set();
  const rows = await tx
    .select({ personId: participations.personId })
    .from(participations)
    .where(eq(participations.activityId, activityId));
  const wanted = new Set(personIds);
  return new Set(rows.map((row) => row.personId).filter((id) => wanted.has(id)));
}

/** The roster rows waiting for a decision, with who nominated them. */
export async function listNominations(db: Db, activityId: number) {
  return db
    .select({
      id: participations.id,
      personId: people.id,
      fullName: people.fullName,
      organizationName: participations.organizationName,
    })
    .from(participations)
    .innerJoin(people, eq(people.id, participations.personId))
    .where(and(eq(participations.activityId, activityId), eq(participations.status, "nominated")))
    .orderBy(participations.organizationName, people.fullName);
}

export type NominationDecision = "accept" | "decline";

/**
 * Accepts (registered) or declines one nomination and mails the nominating organisation's partner accounts.
 * False when the row is not a nomination of this activity any more (decided meanwhile, or never one).
 */
export async function decideNomination(
  db: Db,
  activityId: number,
  participationId: number,
  decision: NominationDecision,
  actor: Actor,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        status: participations.status,
        version: participations.version,
        organizationId: participations.organizationId,
        personId: participations.personId,
      })
      .from(participations)
      .where(and(eq(participations.id, participationId), eq(participations.activityId, activityId)))
      .for("update");
    if (row?.status !== "nominated") return false;
    const status = decision === "accept" ? "registered" : "declined";
    await tx
      .update(participations)
      .set({ status, version: row.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(participations.id, participationId));
    await recordAudit(tx, {
      ...actor,
      action: `participation.nomination_${decision}`,
      entityType: "activity",
      entityId: activityId,
      before: { participationId, status: "nominated" },
      after: { participationId, status },
    });
    if (row.organizationId !== null)
      await tellPartners(tx, row.organizationId, activityId, row.personId, decision);
    return true;
  });
}

async function tellPartners(
  tx: Tx,
  organizationId: number,
  activityId: number,
  personId: number,
  decision: NominationDecision,
) {
  const [about] = await tx
    .select({ title: activities.title, person: people.fullName })
    .from(activities)
    .innerJoin(people, eq(people.id, personId))
    .where(eq(activities.id, activityId));
  const partners = await tx
    .select({ email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(
      and(eq(users.organizationId, organizationId), eq(users.role, "partner"), isNull(users.disabledAt)),
    );
  for (const partner of partners) {
    const { t } = createTranslator(isLocale(partner.locale) ? partner.locale : "en");
    const params = { name: partner.name, person: about?.person ?? "", activity: about?.title ?? "" };
    await queueMail(tx, {
      to: partner.email,
      subject: t(`nominations.mail.${decision}.subject`, params),
      body: t(`nominations.mail.${decision}.body`, params),
    });
  }
}

/** The activity's nomination settings: open or not, places, deadline. */
export type NominationSettings = { open: boolean; capacity: number | null; deadline: string | null };

export async function saveNominationSettings(
  db: Db,
  activityId: number,
  settings: NominationSettings,
  actor: Actor,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        open: activities.nominationsOpen,
        capacity: activities.capacity,
        deadline: activities.nominationDeadline,
        version: activities.version,
      })
      .from(activities)
      .where(eq(activities.id, activityId))
      .for("update");
    if (!before) return false;
    await tx
      .update(activities)
      .set({
        nominationsOpen: settings.open,
        capacity: settings.capacity,
        nominationDeadline: settings.deadline,
        version: before.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.userId,
      })
      .where(eq(activities.id, activityId));
    await recordAudit(tx, {
      ...actor,
      action: "activity.nomination_settings",
      entityType: "activity",
      entityId: activityId,
      before: { open: before.open, capacity: before.capacity, deadline: before.deadline },
      after: settings,
    });
    return true;
  });
}
