/**
 * All SQL of an activity's roster: the rows with their snapshots, the counts and the assessment gain, adding people
 * (one or many, each with the organisation and stakeholder type they had then), changing a row, marking all registered
 * as attended, removing a row. Every write is audited on the activity.
 */
import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import { type Db, rowsOf, type Tx } from "../db/client";
import { activities, consents, organizations, participations, people } from "../db/schema";
import type { participationRoles, participationStatuses, stakeholderTypes } from "../db/schema/enums";
import { lockRow } from "../db/versioned";

export type ParticipationRole = (typeof participationRoles)[number];
export type ParticipationStatus = (typeof participationStatuses)[number];
export type StakeholderType = (typeof stakeholderTypes)[number];

function consentStatusOf(purpose: "participation" | "photos") {
  return sql<string | null>`(select ${consents.status} from ${consents}
    where ${consents.personId} = ${participations.personId} and ${consents.purpose} = ${purpose})`;
}

/** What a roster row shows: the person, and what was recorded about them for this activity. */
const rowColumns = {
  id: participations.id,
  personId: participations.personId,
  name: people.fullName,
  role: participations.role,
  status: participations.status,
  organizationId: participations.organizationId,
  // The name as recorded then; an organisation renamed since still shows what the roster said. Looked up only for a
  // row without one: joined, PostgreSQL hashed all the organisations for every roster (10 ms of a 100-row roster's
  // 10.4 ms; looked up by id, 0.3 ms).
  organizationName: sql<string | null>`coalesce(${participations.organizationName},
    (select ${organizations.name} from ${organizations} where ${organizations.id} = ${participations.organizationId}))`,
  stakeholderType: participations.stakeholderType,
  preScore: participations.preScore,
  postScore: participations.postScore,
  version: participations.version,
  // The person's answers for taking part and for photos (src/consent), each one lookup of the consents' unique index.
  consentParticipation: consentStatusOf("participation"),
  consentPhotos: consentStatusOf("photos"),
};

function selectRows(db: Db | Tx, where: SQL | undefined) {
  return db
    .select(rowColumns)
    .from(participations)
    .innerJoin(people, eq(people.id, participations.personId))
    .where(where)
    .$dynamic();
}

/** The roster in name order: one row per person. */
export async function listRoster(db: Db, activityId: number, status?: ParticipationStatus) {
  const where = and(
    eq(participations.activityId, activityId),
    status ? eq(participations.status, status) : undefined,
  );
  return selectRows(db, where).orderBy(sql`lower(${people.fullName})`, asc(participations.id));
}

export type RosterRow = Awaited<ReturnType<typeof listRoster>>[number];

/** How many participants have each status, and the average assessment gain over those with both scores (one query). */
export async function rosterSummary(db: Db, activityId: number) {
  const both = sql`${participations.postScore} is not null and ${participations.preScore} is not null`;
  const groups = await db
    .select({
      status: participations.status,
      count: count(),
      gainSum: sql<
        string | null
      >`sum(${participations.postScore} - ${participations.preScore}) filter (where ${both})`,
      scored: sql<number>`count(*) filter (where ${both})`.mapWith(Number),
      anyScore: sql<boolean>`bool_or(${participations.postScore} is not null or ${participations.preScore} is not null)`,
    })
    .from(participations)
    .where(eq(participations.activityId, activityId))
    .groupBy(participations.status);
  const scored = groups.reduce((sum, group) => sum + group.scored, 0);
  const gainSum = groups.reduce((sum, group) => sum + Number(group.gainSum ?? 0), 0);
  return {
    counts: new Map(groups.map((group) => [group.status, group.count])),
    averageGain: scored === 0 ? null : gainSum / scored,
    scored,
    anyScore: groups.some((group) => group.anyScore),
  };
}

export type RosterSummary = Awaited<ReturnType<typeof rosterSummary>>;

/** One row of the activity's roster; undefined when the activity has no such row. */
export async function getParticipation(db: Db | Tx, activityId: number, id: number) {
  const [row] = await selectRows(
    db,
    and(eq(participations.id, id), eq(participations.activityId, activityId)),
  );
  return row;
}

export type Participation = NonNullable<Awaited<ReturnType<typeof getParticipation>>>;

/** The row a person already has in the activity's roster, if any. */
export async function participationOf(db: Db | Tx, activityId: number, personId: number) {
  const [row] = await db
    .select({ id: participations.id, name: people.fullName })
    .from(participations)
    .innerJoin(people, eq(people.id, participations.personId))
    .where(and(eq(participations.activityId, activityId), eq(participations.personId, personId)));
  return row;
}

export type NewParticipants = { role: ParticipationRole; status: ParticipationStatus };

/**
 * Adds the people to the roster in one statement, each with a snapshot of the organisation they were with on the
 * activity's first day (their main affiliation first) and their stakeholder type. Archived people (merged away,
 * left the network) are not added; people already on the roster keep their row. Returns who was added and who was
 * already there.
 */
export async function addParticipants(
  tx: Tx,
  activity: { id: number; startDate: string },
  personIds: number[],
  chosen: NewParticipants,
  actor: Actor,
) {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return { added: [] as number[], alreadyThere: [] as number[] };
  // The activity cannot be deleted while people are added to it (deleting takes this lock too, and refuses then).
  const [stillThere] = await tx
    .select({ id: activities.id })
    .from(activities)
    .where(eq(activities.id, activity.id))
    .for("share");
  if (!stillThere) return { added: [] as number[], alreadyThere: [] as number[] };
  const chosenIds = sql`(select value::int from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
  const inserted = rowsOf<{ person_id: number }>(
    await tx.execute(sql`
      insert into participations
        (activity_id, person_id, role, status, organization_id, organization_name, stakeholder_type, created_by, updated_by)
      select ${activity.id}, p.id, ${chosen.role}, ${chosen.status}, then_.organization_id, then_.name,
             p.stakeholder_type, ${actor.userId}, ${actor.userId}
      from people p
      left join lateral (
        select a.organization_id, o.name
        from affiliations a join organizations o on o.id = a.organization_id
        where a.person_id = p.id
          and (a.start_date is null or a.start_date <= ${activity.startDate})
          and (a.end_date is null or a.end_date >= ${activity.startDate})
        order by a.is_primary desc, a.start_date desc nulls last, a.id desc
        limit 1
      ) then_ on true
      where p.id in ${chosenIds} and p.archived_at is null
      on conflict (activity_id, person_id) do nothing
      returning person_id`),
  );
  const added = inserted.map((row) => Number(row.person_id));
  const addedSet = new Set(added);
  const onRoster =
    added.length === ids.length
      ? []
      : await tx
          .select({ personId: participations.personId })
          .from(participations)
          .where(
            and(eq(participations.activityId, activity.id), sql`${participations.personId} in ${chosenIds}`),
          );
  const alreadyThere = onRoster.map((row) => row.personId).filter((id) => !addedSet.has(id));
  if (added.length > 0) {
    await recordAudit(tx, {
      ...actor,
      action: "participants.add",
      entityType: "activity",
      entityId: activity.id,
      after: { personIds: added, ...chosen },
    });
  }
  return { added, alreadyThere };
}

export type RowChange = {
  status: ParticipationStatus;
  role?: ParticipationRole;
  preScore?: number | null;
  postScore?: number | null;
};

/**
 * Sets a row's status (and, for those who manage rosters, role and scores). A single-field change like this is last
 * writer wins (decision 9), but it is audited with the values before. Returns false when the activity has no such row.
 */
export async function changeRow(tx: Tx, activityId: number, id: number, change: RowChange, actor: Actor) {
  const where = and(eq(participations.id, id), eq(participations.activityId, activityId));
  const [before] = await tx
    .select({
      status: participations.status,
      role: participations.role,
      preScore: participations.preScore,
      postScore: participations.postScore,
    })
    .from(participations)
    .where(where)
    .for("update");
  if (!before) return false;
  const changed = Object.entries(change).some(
    ([field, value]) => value !== undefined && before[field as keyof typeof before] !== value,
  );
  if (!changed) return true;
  await tx
    .update(participations)
    .set({
      ...change,
      version: sql`${participations.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    })
    .where(where);
  await recordAudit(tx, {
    ...actor,
    action: "participant.update",
    entityType: "activity",
    entityId: activityId,
    before: { participationId: id, ...before },
    after: { participationId: id, ...change },
  });
  return true;
}

export type SnapshotChange = {
  organizationId: number | null;
  organizationName: string | null;
  stakeholderType: StakeholderType | null;
  role: ParticipationRole;
  status: ParticipationStatus;
  preScore: number | null;
  postScore: number | null;
};

/** Saves the whole row (the edit form) only if nobody changed it since `version` was read. */
export async function updateParticipation(
  tx: Tx,
  activityId: number,
  id: number,
  version: number,
  change: SnapshotChange,
  actor: Actor,
): Promise<{ saved: true } | { saved: false; current: Participation | undefined }> {
  await lockRow(tx, participations, id);
  const locked = await getParticipation(tx, activityId, id);
  if (!locked || locked.version !== version) return { saved: false, current: locked };
  await tx
    .update(participations)
    .set({ ...change, version: version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(participations.id, id));
  const {
    name: _name,
    personId,
    version: _version,
    consentParticipation: _participation,
    consentPhotos: _photos,
    ...before
  } = locked;
  await recordAudit(tx, {
    ...actor,
    action: "participant.update",
    entityType: "activity",
    entityId: activityId,
    before: { participationId: id, personId, ...before },
    after: { participationId: id, personId, ...change },
  });
  return { saved: true };
}

/** Everyone registered becomes attended; returns how many. */
export async function markRegisteredAttended(tx: Tx, activityId: number, actor: Actor) {
  const rows = await tx
    .update(participations)
    .set({
      status: "attended",
      version: sql`${participations.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    })
    .where(and(eq(participations.activityId, activityId), eq(participations.status, "registered")))
    .returning({ id: participations.id });
  if (rows.length > 0) {
    await recordAudit(tx, {
      ...actor,
      action: "participants.attendRegistered",
      entityType: "activity",
      entityId: activityId,
      before: { status: "registered" },
      after: { status: "attended", participationIds: rows.map((row) => row.id) },
    });
  }
  return rows.length;
}

/** Takes a person off the roster; the removed row is kept in the audit log. False when there was no such row. */
export async function removeParticipation(tx: Tx, activityId: number, id: number, actor: Actor) {
  const [row] = await tx
    .delete(participations)
    .where(and(eq(participations.id, id), eq(participations.activityId, activityId)))
    .returning();
  if (!row) return false;
  await recordAudit(tx, {
    ...actor,
    action: "participant.remove",
    entityType: "activity",
    entityId: activityId,
    before: row,
  });
  return true;
}
