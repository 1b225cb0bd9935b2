/** Merging records and undoing it, at the query level: every kind of link moves and comes back. */
import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activityPartners,
  affiliations,
  interactionOrganizations,
  interactionPeople,
  organizations,
  participations,
  people,
} from "../../src/db/schema";
import { fillMissingNameKeys, personSearchColumns } from "../../src/directory/search-columns";
import { mergeKinds } from "../../src/merge/kinds";
import { dismissPair, listDuplicatePairs } from "../../src/merge/pairs";
import { mergeRecords, undoMerge } from "../../src/merge/queries";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import {
  insertActivity,
  insertAffiliation,
  insertContact,
  insertOrganization,
  insertParticipation,
  insertPartner,
  insertPerson,
} from "../helpers/records";

let database: TestDatabase;
const actor = { userId: null };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

function person(fullName: string, values: Partial<typeof people.$inferInsert> = {}) {
  const names = { fullName, otherNames: [], email: values.email ?? null, phone: values.phone ?? null };
  return insertPerson(database.db, { fullName, ...personSearchColumns(names), ...values });
}

async function snapshot() {
  const { db } = database;
  return {
    people: await db.select().from(people).orderBy(people.id),
    affiliations: await db.select().from(affiliations).orderBy(affiliations.id),
    participations: await db.select().from(participations).orderBy(participations.id),
    contacts: await db.select().from(interactionPeople).orderBy(interactionPeople.id),
  };
}

describe("merging two people", () => {
  it("moves affiliations, participations and contacts, keeps one of each, and undo puts everything back", async () => {
    const { db } = database;
    const survivor = await person("Elçin Məmmədov", { tags: ["mp"], email: "elcin@example.az" });
    const other = await person("Мамедов Эльчин", {
      tags: ["trainer"],
      phone: "+994501234567",
      city: "Gəncə",
    });
    const ministry = await insertOrganization(db, "Ministry of Justice");
    const parliament = await insertOrganization(db, "Milli Məclis");
    await insertAffiliation(db, { personId: survivor, organizationId: parliament, isPrimary: true });
    await insertAffiliation(db, { personId: other, organizationId: ministry, isPrimary: true });
    const both = await insertActivity(db, { title: "Roundtable on minorities", startDate: "2024-03-01" });
    const onlyOther = await insertActivity(db, { title: "Training in Gəncə", startDate: "2024-05-01" });
    await insertParticipation(db, { activityId: both, personId: survivor, role: "speaker" });
    await insertParticipation(db, { activityId: both, personId: other, role: "participant" });
    await insertParticipation(db, { activityId: onlyOther, personId: other, role: "trainer" });
    const sharedContact = await insertContact(db, {
      subject: "Call",
      occurredAt: new Date(),
      people: [survivor, other],
    });
    await insertContact(db, { subject: "Visit", occurredAt: new Date(), people: [other] });
    const before = await snapshot();

    const result = await db.transaction((tx) =>
      mergeRecords(
        tx,
        mergeKinds.person,
        {
          survivorId: survivor,
          otherId: other,
          survivorVersion: 1,
          otherVersion: 1,
          choices: { phone: "other", city: "other" },
        },
        actor,
      ),
    );
    expect(result.outcome).toBe("merged");

    const [kept] = await db.select().from(people).where(eq(people.id, survivor));
    expect(kept).toMatchObject({
      fullName: "Elçin Məmmədov",
      otherNames: ["Мамедов Эльчин"],
      email: "elcin@example.az",
      phone: "+994501234567",
      city: "Gəncə",
      tags: ["mp", "trainer"],
      version: 2,
    });
    expect(kept?.searchText).toContain("mamedov");
    const [gone] = await db.select().from(people).where(eq(people.id, other));
    expect(gone?.mergedIntoId).toBe(survivor);
    expect(gone?.archivedAt).not.toBeNull();

    const survivorAffiliations = await db
      .select()
      .from(affiliations)
      .where(eq(affiliations.personId, survivor));
    expect(survivorAffiliations.map((row) => [row.organizationId, row.isPrimary]).sort()).toEqual(
      [
        [ministry, false],
        [parliament, true],
      ].sort(),
    );
    const survivorParticipations = await db
      .select()
      .from(participations)
      .where(eq(participations.personId, survivor));
    // The survivor's own row for the shared activity stays; the other's repeat is removed.
    expect(survivorParticipations.map((row) => [row.activityId, row.role]).sort()).toEqual(
      [
        [both, "speaker"],
        [onlyOther, "trainer"],
      ].sort(),
    );
    const contacts = await db
      .select()
      .from(interactionPeople)
      .where(eq(interactionPeople.personId, survivor));
    expect(contacts).toHaveLength(2);
    expect(contacts.some((row) => row.interactionId === sharedContact)).toBe(true);
    expect(await db.$count(interactionPeople, eq(interactionPeople.personId, other))).toBe(0);

    const undone = await db.transaction((tx) =>
      undoMerge(tx, result.outcome === "merged" ? result.mergeId : 0, actor),
    );
    expect(undone.outcome).toBe("undone");
    const after = await snapshot();
    const withoutChangeMarks = (rows: (typeof people.$inferSelect)[]) =>
      rows.map(({ version: _v, updatedAt: _u, updatedBy: _b, ...row }) => row);
    expect(withoutChangeMarks(after.people)).toEqual(withoutChangeMarks(before.people));
    expect(after.affiliations).toEqual(before.affiliations);
    expect(after.participations).toEqual(before.participations);
    expect(after.contacts).toEqual(before.contacts);
  });

  it("is refused when either record changed after the merge page was opened, and undo when changed since", async () => {
    const { db } = database;
    const survivor = await person("Günel Əliyeva");
    const other = await person("Гюнель Алиева");
    const request = {
      survivorId: survivor,
      otherId: other,
      survivorVersion: 1,
      otherVersion: 0,
      choices: {},
    };
    const stale = await db.transaction((tx) => mergeRecords(tx, mergeKinds.person, request, actor));
    expect(stale.outcome).toBe("changed");
    expect(await db.$count(people, eq(people.mergedIntoId, survivor))).toBe(0);

    const merged = await db.transaction((tx) =>
      mergeRecords(tx, mergeKinds.person, { ...request, otherVersion: 1 }, actor),
    );
    if (merged.outcome !== "merged") throw new Error("not merged");
    await db.update(people).set({ city: "Bakı", version: 3 }).where(eq(people.id, survivor));
    const refused = await db.transaction((tx) => undoMerge(tx, merged.mergeId, actor));
    expect(refused).toMatchObject({ outcome: "changedSince", name: "Günel Əliyeva" });
    const [stillMerged] = await db.select().from(people).where(eq(people.id, other));
    expect(stillMerged?.mergedIntoId).toBe(survivor);
  });

  it("refuses to merge a record that was already merged away", async () => {
    const { db } = database;
    const first = await person("Rəşad Hüseynov");
    const second = await person("Рашад Гусейнов");
    const third = await person("Rashad Huseynov");
    const merge = (otherId: number, versions: [number, number]) =>
      db.transaction((tx) =>
        mergeRecords(
          tx,
          mergeKinds.person,
          {
            survivorId: first,
            otherId,
            survivorVersion: versions[0],
            otherVersion: versions[1],
            choices: {},
          },
          actor,
        ),
      );
    expect((await merge(second, [1, 1])).outcome).toBe("merged");
    const again = await db.transaction((tx) =>
      mergeRecords(
        tx,
        mergeKinds.person,
        { survivorId: third, otherId: second, survivorVersion: 1, otherVersion: 2, choices: {} },
        actor,
      ),
    );
    expect(again.outcome).toBe("alreadyMerged");
  });
});

describe("merging people who were both at one activity or both have a main affiliation", () => {
  it("keeps the participation that says more, and undo brings both back even after a new main affiliation", async () => {
    const { db } = database;
    const survivor = await person("Könül Nağıyeva");
    const other = await person("Кёнуль Нагиева");
    const activity = await insertActivity(db, { title: "Training of trainers", startDate: "2023-04-01" });
    await insertParticipation(db, { activityId: activity, personId: survivor, status: "invited" });
    await insertParticipation(db, {
      activityId: activity,
      personId: other,
      status: "attended",
      postScore: 8,
    });
    const [one, two] = [
      await insertOrganization(db, "Ganja Youth House"),
      await insertOrganization(db, "Quba Centre"),
    ];
    await insertAffiliation(db, { personId: survivor, organizationId: one, isPrimary: true });
    const othersMain = await insertAffiliation(db, { personId: other, organizationId: two, isPrimary: true });
    const othersSecond = await insertAffiliation(db, { personId: other, organizationId: one });
    const participationsBefore = await db
      .select()
      .from(participations)
      .where(eq(participations.activityId, activity));

    const request = {
      survivorId: survivor,
      otherId: other,
      survivorVersion: 1,
      otherVersion: 1,
      choices: {},
    };
    const merged = await db.transaction((tx) => mergeRecords(tx, mergeKinds.person, request, actor));
    if (merged.outcome !== "merged") throw new Error("not merged");
    const [kept, ...rest] = await db
      .select()
      .from(participations)
      .where(eq(participations.activityId, activity));
    expect(rest).toHaveLength(0);
    expect(kept).toMatchObject({ personId: survivor, status: "attended", postScore: 8 });

    // After the merge, the other's second affiliation is made the survivor's main one.
    await db.update(affiliations).set({ isPrimary: false }).where(eq(affiliations.personId, survivor));
    await db.update(affiliations).set({ isPrimary: true }).where(eq(affiliations.id, othersSecond));
    expect((await db.transaction((tx) => undoMerge(tx, merged.mergeId, actor))).outcome).toBe("undone");
    const sorted = (rows: (typeof participations.$inferSelect)[]) => [...rows].sort((a, b) => a.id - b.id);
    const participationsAfter = await db
      .select()
      .from(participations)
      .where(eq(participations.activityId, activity));
    expect(sorted(participationsAfter)).toEqual(sorted(participationsBefore));
    const othersAffiliations = await db.select().from(affiliations).where(eq(affiliations.personId, other));
    expect(othersAffiliations.filter((row) => row.isPrimary).map((row) => row.id)).toEqual([othersSecond]);
    expect(othersAffiliations.map((row) => row.id).sort()).toEqual([othersMain, othersSecond].sort());
  });
});

describe("merging two organisations", () => {
  it("moves partner roles, affiliations, participants' snapshots and contacts, and undo puts them back", async () => {
    const { db } = database;
    const survivor = await insertOrganization(db, "Helsinki Citizens' Assembly");
    const other = await insertOrganization(db, "Helsinki Citizens Assembly (HCA)");
    const guest = await person("Aram Petrosyan");
    const conference = await insertActivity(db, { title: "Caucasus conference", startDate: "2023-10-10" });
    const workshop = await insertActivity(db, { title: "Workshop for officials", startDate: "2023-11-10" });
    await insertPartner(db, { activityId: conference, organizationId: survivor, role: "host" });
    await insertPartner(db, { activityId: conference, organizationId: other, role: "host" });
    await insertPartner(db, { activityId: workshop, organizationId: other, role: "co_organiser" });
    await insertAffiliation(db, { personId: guest, organizationId: other });
    await insertParticipation(db, { activityId: workshop, personId: guest, organizationId: other });
    await insertContact(db, { subject: "Planning", occurredAt: new Date(), organizations: [other] });
    const partnersBefore = await db.select().from(activityPartners).orderBy(activityPartners.id);

    const result = await db.transaction((tx) =>
      mergeRecords(
        tx,
        mergeKinds.organization,
        { survivorId: survivor, otherId: other, survivorVersion: 1, otherVersion: 1, choices: {} },
        actor,
      ),
    );
    if (result.outcome !== "merged") throw new Error("not merged");
    const partners = await db
      .select()
      .from(activityPartners)
      .where(eq(activityPartners.organizationId, survivor));
    expect(partners.map((row) => [row.activityId, row.role]).sort()).toEqual(
      [
        [conference, "host"],
        [workshop, "co_organiser"],
      ].sort(),
    );
    expect(await db.$count(affiliations, eq(affiliations.organizationId, survivor))).toBe(1);
    expect(await db.$count(participations, eq(participations.organizationId, survivor))).toBe(1);
    expect(
      await db.$count(interactionOrganizations, eq(interactionOrganizations.organizationId, survivor)),
    ).toBe(1);
    const [gone] = await db.select().from(organizations).where(eq(organizations.id, other));
    expect(gone?.mergedIntoId).toBe(survivor);

    expect((await db.transaction((tx) => undoMerge(tx, result.mergeId, actor))).outcome).toBe("undone");
    expect(await db.select().from(activityPartners).orderBy(activityPartners.id)).toEqual(partnersBefore);
    expect(await db.$count(participations, eq(participations.organizationId, other))).toBe(1);
    expect(
      await db.$count(interactionOrganizations, eq(interactionOrganizations.organizationId, other)),
    ).toBe(1);
    expect((await db.transaction((tx) => undoMerge(tx, result.mergeId, actor))).outcome).toBe(
      "alreadyUndone",
    );
  });
});

describe("possible duplicate pairs", () => {
  it("pairs the same email, phone or name in another script, best first, and forgets dismissed pairs", async () => {
    const { db } = database;
    const latin = await person("Ülviyyə Xəlilova", { email: "ulviyya@example.az" });
    const cyrillic = await person("Ульвия Халилова", { email: "ULVIYYA@example.az" });
    const namesake = await person("Ulviyya Khalilova");
    const unrelated = await person("Giorgi Beridze", { phone: "+995599000111" });
    const samePhone = await person("გიორგი ბერიძე", { phone: "+995599000111" });
    const pairs = await listDuplicatePairs(db, "person");
    const pairOf = (a: number, b: number) =>
      pairs.find((pair) => pair.firstId === Math.min(a, b) && pair.secondId === Math.max(a, b));
    expect(pairOf(latin, cyrillic)?.reasons.sort()).toEqual(["email", "name"]);
    expect(pairOf(latin, namesake)?.reasons).toEqual(["name"]);
    expect(pairOf(unrelated, samePhone)?.reasons.sort()).toEqual(["name", "phone"]);
    expect(pairOf(latin, unrelated)).toBeUndefined();
    // Two reasons rank above one.
    const rank = (a: number, b: number) => pairs.indexOf(pairOf(a, b) as (typeof pairs)[number]);
    expect(rank(latin, cyrillic)).toBeLessThan(rank(latin, namesake));

    expect(await db.transaction((tx) => dismissPair(tx, "person", [cyrillic, latin], actor))).toBe(true);
    const after = await listDuplicatePairs(db, "person");
    expect(after.some((pair) => pair.firstId === latin && pair.secondId === cyrillic)).toBe(false);
    expect(after.some((pair) => pair.firstId === latin && pair.secondId === namesake)).toBe(true);
  });
});

describe("values many records share", () => {
  it("are not taken as a sign of duplicates: an office phone on six records pairs none of them", async () => {
    const { db } = database;
    const office = await Promise.all(
      ["Anar", "Tural", "Emin", "Ramil", "Cavid", "Nicat"].map((given) =>
        person(`${given} Office${given}`, { phone: "+994124400000" }),
      ),
    );
    const twins = [
      await person("Aynur One", { phone: "+994124411111" }),
      await person("Leyla Two", { phone: "+994124411111" }),
    ];
    const pairs = await listDuplicatePairs(db, "person");
    expect(pairs.some((pair) => office.includes(pair.firstId))).toBe(false);
    expect(pairs.some((pair) => pair.firstId === twins[0] && pair.secondId === twins[1])).toBe(true);
  });
});

describe("name keys of records written before they existed", () => {
  it("are filled at start-up, so those records are paired too", async () => {
    const { db } = database;
    const [old] = await db
      .insert(people)
      .values([{ fullName: "Vüqar Rzayev" }, { fullName: "Вугар Рзаев" }])
      .returning({ id: people.id });
    expect(await db.$count(people, isNull(people.nameKey))).toBe(2);
    await fillMissingNameKeys(db);
    expect(await db.$count(people, isNull(people.nameKey))).toBe(0);
    const pairs = await listDuplicatePairs(db, "person");
    expect(pairs.some((pair) => pair.firstId === old?.id && pair.reasons.includes("name"))).toBe(true);
  });
});
