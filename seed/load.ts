/** Loads the fictional demo network (seed/network/*.json) into the database once, in one transaction. */
import type { Db, Tx } from "../src/db/client";
import {
  activities,
  activityPartners,
  affiliations,
  auditEvents,
  consents,
  focusAreas,
  interactionOrganizations,
  interactionPeople,
  interactions,
  organizations,
  participations,
  people,
  programmes,
} from "../src/db/schema/index";
import { organizationSearchColumns, personSearchColumns } from "../src/directory/search-columns";
import { type DemoNetwork, readDemoNetwork } from "./data";
import { idOf, insertInChunks, keyMap } from "./rows";

export type LoadDemoNetworkOptions = {
  /** Recorded as author, logger of the contact log and assignee of its follow-ups (the seed has no users of its own). */
  userId?: number;
};

export type LoadDemoNetworkResult = { loaded: boolean; counts: Record<string, number> };

export async function loadDemoNetwork(
  db: Db,
  options: LoadDemoNetworkOptions = {},
): Promise<LoadDemoNetworkResult> {
  // Read and validate before opening the transaction: a broken data file never leaves a lock behind.
  const data = await readDemoNetwork();
  // PGlite has one connection: everything below goes through tx, never db.
  return db.transaction((tx) => loadInto(tx, data, options.userId ?? null));
}

async function loadInto(tx: Tx, data: DemoNetwork, userId: number | null): Promise<LoadDemoNetworkResult> {
  const authors = { createdBy: userId, updatedBy: userId };
  const { focusAreas: areas, ...programme } = data.programme;
  // The programme goes first and doubles as the "already loaded" marker: a concurrent second load waits on its
  // unique name, then finds the conflict and does nothing.
  const [created] = await tx
    .insert(programmes)
    .values({ ...programme, ...authors })
    .onConflictDoNothing({ target: programmes.name })
    .returning({ id: programmes.id });
  if (!created) return { loaded: false, counts: {} };
  const programmeId = created.id;

  const areaRows = await tx
    .insert(focusAreas)
    .values(areas.map(({ key: _key, ...area }, position) => ({ programmeId, position, ...area })))
    .returning({ id: focusAreas.id, label: focusAreas.name });
  const areaIds = keyMap(areas, areaRows, (area) => area.name);

  const orgValues = data.organizations.map(({ key: _key, ...org }) => ({
    ...org,
    ...organizationSearchColumns(org),
    ...authors,
  }));
  const orgRows = await insertInChunks(orgValues, (chunk) =>
    tx.insert(organizations).values(chunk).returning({ id: organizations.id, label: organizations.name }),
  );
  const orgIds = keyMap(data.organizations, orgRows, (org) => org.name);

  const personValues = data.people.map(({ key: _key, affiliations: _a, consents: _c, ...person }) => ({
    ...person,
    ...personSearchColumns(person),
    ...authors,
  }));
  const personRows = await insertInChunks(personValues, (chunk) =>
    tx.insert(people).values(chunk).returning({ id: people.id, label: people.fullName }),
  );
  const personIds = keyMap(data.people, personRows, (person) => person.fullName);

  const affiliationValues = data.people.flatMap((person) =>
    person.affiliations.map(({ org, ...affiliation }) => ({
      ...affiliation,
      personId: idOf(personIds, person.key, "person"),
      organizationId: idOf(orgIds, org, "organisation"),
      ...authors,
    })),
  );
  const affiliationRows = await insertInChunks(affiliationValues, (chunk) =>
    tx.insert(affiliations).values(chunk).returning({ id: affiliations.id }),
  );

  const consentValues = data.people.flatMap((person) =>
    person.consents.map((consent) => ({
      ...consent,
      personId: idOf(personIds, person.key, "person"),
      ...authors,
    })),
  );
  const consentRows = await insertInChunks(consentValues, (chunk) =>
    tx.insert(consents).values(chunk).returning({ id: consents.id }),
  );

  const activityValues = data.activities.map(
    ({ key: _key, focusArea, partners: _p, participants: _q, ...activity }) => ({
      ...activity,
      programmeId,
      focusAreaId: idOf(areaIds, focusArea, "focus area"),
      ...authors,
    }),
  );
  const activityRows = await insertInChunks(activityValues, (chunk) =>
    tx.insert(activities).values(chunk).returning({ id: activities.id, label: activities.title }),
  );
  const activityIds = keyMap(data.activities, activityRows, (activity) => activity.title);

  const partnerValues = data.activities.flatMap((activity) =>
    activity.partners.map((partner) => ({
      activityId: idOf(activityIds, activity.key, "activity"),
      organizationId: idOf(orgIds, partner.organization, "organisation"),
      role: partner.role,
      contribution: partner.contribution,
      ...authors,
    })),
  );
  const partnerRows = await insertInChunks(partnerValues, (chunk) =>
    tx.insert(activityPartners).values(chunk).returning({ id: activityPartners.id }),
  );

  const participationValues = data.activities.flatMap((activity) =>
    activity.participants.map(({ person, organization, preScore, postScore, ...participation }) => ({
      ...participation,
      activityId: idOf(activityIds, activity.key, "activity"),
      personId: idOf(personIds, person, "person"),
      organizationId: organization === null ? null : idOf(orgIds, organization, "organisation"),
      preScore: preScore ?? null,
      postScore: postScore ?? null,
      ...authors,
    })),
  );
  const participationRows = await insertInChunks(participationValues, (chunk) =>
    tx.insert(participations).values(chunk).returning({ id: participations.id }),
  );

  const interactionValues = data.interactions.map((interaction) => ({
    occurredAt: new Date(interaction.occurredAt),
    kind: interaction.kind,
    subject: interaction.subject,
    notes: interaction.notes,
    loggedBy: userId,
    activityId: interaction.activity === null ? null : idOf(activityIds, interaction.activity, "activity"),
    followUpDue: interaction.followUp?.due ?? null,
    followUpAssigneeId: interaction.followUp ? userId : null,
    followUpNote: interaction.followUp?.note ?? null,
    followUpDoneAt: interaction.followUp?.doneAt ? new Date(interaction.followUp.doneAt) : null,
    ...authors,
  }));
  const interactionRows = await insertInChunks(interactionValues, (chunk) =>
    tx.insert(interactions).values(chunk).returning({ id: interactions.id, label: interactions.subject }),
  );
  const interactionIds = keyMap(data.interactions, interactionRows, (interaction) => interaction.subject);

  const linkedPeople = data.interactions.flatMap((interaction) =>
    interaction.people.map((person) => ({
      interactionId: idOf(interactionIds, interaction.key, "interaction"),
      personId: idOf(personIds, person, "person"),
    })),
  );
  const linkedPeopleRows = await insertInChunks(linkedPeople, (chunk) =>
    tx.insert(interactionPeople).values(chunk).returning({ personId: interactionPeople.personId }),
  );
  const linkedOrgs = data.interactions.flatMap((interaction) =>
    interaction.organizations.map((organization) => ({
      interactionId: idOf(interactionIds, interaction.key, "interaction"),
      organizationId: idOf(orgIds, organization, "organisation"),
    })),
  );
  const linkedOrgRows = await insertInChunks(linkedOrgs, (chunk) =>
    tx
      .insert(interactionOrganizations)
      .values(chunk)
      .returning({ organizationId: interactionOrganizations.organizationId }),
  );

  const counts = {
    programmes: 1,
    focusAreas: areaIds.size,
    organizations: orgIds.size,
    people: personIds.size,
    affiliations: affiliationRows.length,
    consents: consentRows.length,
    activities: activityIds.size,
    activityPartners: partnerRows.length,
    participations: participationRows.length,
    interactions: interactionIds.size,
    interactionPeople: linkedPeopleRows.length,
    interactionOrganizations: linkedOrgRows.length,
  };
  // One summary event rather than one per row: the audit trail says who loaded the demo and what it added.
  await tx.insert(auditEvents).values({
    userId,
    action: "seed.demo_network",
    entityType: "programme",
    entityId: programmeId,
    after: counts,
  });
  return { loaded: true, counts };
}
