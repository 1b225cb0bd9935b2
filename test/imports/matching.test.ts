/**
 * The matching rules of the import (issue 5, "Rules"), each on a small file built here: people by email, then phone,
 * then the same folded name at the same organisation; rows of one file that are one person; a name only alike in
 * another script kept apart; fill, update or keep on a match; organisations by folded name; rejected rows leaving no
 * trace; a sign-in sheet filling the roster once.
 */

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliations, organizations, participations, people } from "../../src/db/schema";
import { fillMissingNameKeys } from "../../src/directory/search-columns";
import { runImport } from "../../src/imports/job";
import { sameNameKey } from "../../src/imports/merge";
import { ensureStaged, getImport, previewOf } from "../../src/imports/run";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { insertActivity, insertAffiliation, insertOrganization, insertPerson } from "../helpers/records";
import { actor, createTextImport, importText, today } from "./import-text";

let database: TestDatabase;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const personNamed = async (fullName: string) =>
  db().select().from(people).where(eq(people.fullName, fullName));
const personById = async (id: number) => (await db().select().from(people).where(eq(people.id, id)))[0];

describe("people are matched by email, case aside", () => {
  it("updates the person stored as Mixed@Case.org from a row with mixed@case.ORG instead of creating one", async () => {
    const id = await insertPerson(db(), { fullName: "Mixed Case", email: "Mixed@Case.org" });
    const before = await db().$count(people);
    const result = await importText(db(), "people", "Name,Email,City\nSomeone Else,mixed@case.ORG,Baku\n");
    expect(result.counts).toMatchObject({ created: 0, updated: 1, peopleCreated: 0, rejected: 0 });
    expect(await db().$count(people)).toBe(before);
    const stored = await personById(id);
    expect(stored?.city).toBe("Baku");
    // The stored name stays: the email says who it is.
    expect(stored?.fullName).toBe("Mixed Case");
  });
});

describe("then by phone, in E.164 with the row's country as the default region", () => {
  it('matches "+994 50 123 45 67" and a national "050 765 43 21" (country Azerbaijan) to the stored numbers', async () => {
    const international = await insertPerson(db(), { fullName: "Phone One", phone: "+994501234567" });
    const national = await insertPerson(db(), { fullName: "Phone Two", phone: "+994507654321" });
    const before = await db().$count(people);
    const result = await importText(
      db(),
      "people",
      "Name,Phone,Country\nP. One,+994 50 123 45 67,Azerbaijan\nP. Two,050 765 43 21,Azerbaijan\n",
    );
    expect(result.counts).toMatchObject({ created: 0, updated: 2, peopleCreated: 0, rejected: 0 });
    expect(await db().$count(people)).toBe(before);
    expect((await personById(international))?.country).toBe("AZ");
    expect((await personById(national))?.country).toBe("AZ");
  });
});

describe("then by the same folded name at the same organisation", () => {
  it("matches the name in another case at the same organisation, not the same name at another one", async () => {
    const ganja = await insertOrganization(db(), "Ganja Youth Centre");
    await insertOrganization(db(), "Sheki Club");
    const leyla = await insertPerson(db(), { fullName: "Leyla Hüseynova" });
    await insertAffiliation(db(), { personId: leyla, organizationId: ganja, isPrimary: true });
    // As the forms and start-up do: the loose name key the import finds candidates by.
    await fillMissingNameKeys(db());
    const result = await importText(
      db(),
      "people",
      "Name,Organisation,City\nLEYLA HÜSEYNOVA,ganja youth centre,Ganja\nLeyla Hüseynova,Sheki Club,Sheki\n",
    );
    expect(result.counts).toMatchObject({ updated: 1, peopleCreated: 1, rejected: 0 });
    expect((await personById(leyla))?.city).toBe("Ganja");
    const namesakes = await personNamed("Leyla Hüseynova");
    expect(namesakes).toHaveLength(2);
    expect(namesakes.find((person) => person.id !== leyla)?.city).toBe("Sheki");
  });

  it("matches the name with its diacritics left out at the same organisation", async () => {
    const centre = await insertOrganization(db(), "Lankaran Women Centre");
    const gunel = await insertPerson(db(), { fullName: "Günel Hüseynova" });
    await insertAffiliation(db(), { personId: gunel, organizationId: centre, isPrimary: true });
    await fillMissingNameKeys(db());
    const before = await db().$count(people);
    const result = await importText(
      db(),
      "people",
      "Name,Organisation,City\nGUNEL HUSEYNOVA,Lankaran Women Centre,Lankaran\n",
    );
    // Candidates were once read by lower(full_name) alone, which missed a name differing only in diacritics.
    expect(result.counts).toMatchObject({ created: 0, updated: 1, peopleCreated: 0 });
    expect(await db().$count(people)).toBe(before);
    expect((await personById(gunel))?.city).toBe("Lankaran");
  });
});

describe("rows of one file that match each other", () => {
  it("become one person; the second row fills the fields the first left empty", async () => {
    const result = await importText(
      db(),
      "people",
      "Name,Email,Phone,City\nAnar Aliyev,anar@twice.org,,\nAnar Aliyev,ANAR@twice.org,+994551112233,Baku\n",
    );
    expect(result.counts).toMatchObject({ created: 1, updated: 0, peopleCreated: 1, rejected: 0 });
    const rows = await db().select().from(people).where(eq(people.email, "anar@twice.org"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fullName: "Anar Aliyev", phone: "+994551112233", city: "Baku" });
  });
});

describe("a close match in another script", () => {
  it("is not merged: the row creates a person counted as a possible duplicate", async () => {
    const elchin = await insertPerson(db(), { fullName: "Elçin Məmmədov", email: "elchin@latin.az" });
    await fillMissingNameKeys(db());
    const before = await db().$count(people);
    const result = await importText(db(), "people", "ФИО,Эл. почта\nМамедов Эльчин,mamedov@cyrillic.az\n");
    expect(result.counts).toMatchObject({ created: 0, updated: 0, possibleDuplicates: 1, peopleCreated: 1 });
    expect(result.summary.duplicates.items[0]?.similarTo?.id).toBe(elchin);
    expect(await db().$count(people)).toBe(before + 1);
    expect((await personById(elchin))?.fullName).toBe("Elçin Məmmədov");
    expect(await personNamed("Мамедов Эльчин")).toHaveLength(1);
  });
});

describe("on a match", () => {
  const file =
    "Name,Email,City,Country,Stakeholder type\nR. Karimov,rashad@match.org,Ganja,Azerbaijan,Journalist\n";

  it("by default fills empty fields and keeps the differing ones, which the preview lists old → new", async () => {
    const id = await insertPerson(db(), {
      fullName: "Rashad Karimov",
      email: "rashad@match.org",
      city: "Baku",
    });
    const importId = await createTextImport(db(), "people", file);
    const record = await getImport(db(), importId);
    if (!record) throw new Error("no import");
    // The mapping page stages the lines when it is saved; the preview reads them.
    expect(await previewOf(db(), record, today)).toBeUndefined();
    expect((await ensureStaged(db(), record)).ok).toBe(true);
    const preview = await previewOf(db(), (await getImport(db(), importId)) ?? record, today);
    if (!preview) throw new Error("not staged");
    expect(preview.counts).toMatchObject({ created: 0, updated: 1 });
    expect(preview.updates.items[0]?.changes).toEqual([{ field: "country", before: null, after: "AZ" }]);
    expect(preview.differing.city?.items).toEqual([
      { name: "R. Karimov", change: { field: "city", before: "Baku", after: "Ganja" } },
    ]);
    expect(preview.differing.stakeholderType?.items[0]?.change).toEqual({
      field: "stakeholderType",
      before: "other",
      after: "journalist",
    });
    // The preview wrote nothing.
    expect((await personById(id))?.country).toBeNull();
    const run = await runImport(db(), importId, actor, today);
    expect(run.ok).toBe(true);
    expect(await personById(id)).toMatchObject({
      fullName: "Rashad Karimov",
      city: "Baku",
      country: "AZ",
      stakeholderType: "other",
    });
  });

  it("replaces the stored values of the fields the coordinator chose, and only those", async () => {
    const id = await insertPerson(db(), {
      fullName: "Rashad Karimov (replaced)",
      email: "replaced@match.org",
      city: "Baku",
      stakeholderType: "expert",
    });
    const result = await importText(db(), "people", file.replace("rashad@match.org", "replaced@match.org"), {
      overwrite: ["city"],
    });
    expect(result.counts).toMatchObject({ created: 0, updated: 1 });
    expect(result.summary.updates.items[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: "city", before: "Baku", after: "Ganja" },
        { field: "country", before: null, after: "AZ" },
      ]),
    );
    expect(result.summary.updates.items[0]?.changes).toHaveLength(2);
    expect(await personById(id)).toMatchObject({ city: "Ganja", country: "AZ", stakeholderType: "expert" });
  });
});

describe("organisations are matched by folded name", () => {
  it("takes a row as the organisation of the directory the coordinator chose, and fills its empty fields", async () => {
    const id = await insertOrganization(db(), "Şəki Gənclər Birliyi");
    const before = await db().$count(organizations);
    const result = await importText(db(), "organizations", "Name,City\nSheki Youth Union,Şəki\n", {
      sameAs: { [sameNameKey("Sheki Youth Union")]: id },
    });
    expect(result.counts).toMatchObject({ created: 0, updated: 1, organizationsCreated: 0 });
    expect(result.summary.takenAsExisting).toEqual([
      { name: "Sheki Youth Union", existing: { id, name: "Şəki Gənclər Birliyi" } },
    ]);
    expect(await db().$count(organizations)).toBe(before);
    const [stored] = await db().select().from(organizations).where(eq(organizations.id, id));
    expect(stored).toMatchObject({ name: "Şəki Gənclər Birliyi", city: "Şəki" });
  });

  it('"YEVLAKH REFUGEE ASSOCIATION  " is the stored "Yevlakh Refugee Association"', async () => {
    const id = await insertOrganization(db(), "Yevlakh Refugee Association");
    const before = await db().$count(organizations);
    const result = await importText(
      db(),
      "organizations",
      "Name,City\nYEVLAKH REFUGEE ASSOCIATION  ,Yevlakh\n",
    );
    expect(result.counts).toMatchObject({ created: 0, updated: 1, organizationsCreated: 0 });
    expect(await db().$count(organizations)).toBe(before);
    const [stored] = await db().select().from(organizations).where(eq(organizations.id, id));
    expect(stored).toMatchObject({ name: "Yevlakh Refugee Association", city: "Yevlakh" });

    const named = await importText(
      db(),
      "people",
      "Name,Organisation\nAydan Rzayeva,yevlakh  refugee ASSOCIATION\n",
    );
    expect(named.counts).toMatchObject({ created: 1, organizationsCreated: 0 });
    const [person] = await personNamed("Aydan Rzayeva");
    const links = await db()
      .select()
      .from(affiliations)
      .where(and(eq(affiliations.personId, person?.id ?? 0), eq(affiliations.organizationId, id)));
    expect(links).toHaveLength(1);
  });
});

describe("a rejected row", () => {
  it("leaves no trace: neither the person nor the organisation it names is created", async () => {
    const before = { people: await db().$count(people), organizations: await db().$count(organizations) };
    const result = await importText(
      db(),
      "people",
      "Name,Email,Organisation\nBad Row,not-an-email,Ghost Organisation\nGood Row,good@row.org,Real Organisation\n,,Nameless Organisation\n",
    );
    expect(result.counts).toMatchObject({
      created: 1,
      rejected: 2,
      organizationsCreated: 1,
      peopleCreated: 1,
    });
    expect(result.summary.rejected.items.find((line) => line.line === 2)?.errors).toEqual([
      { column: 1, header: "Email", message: "import.email" },
    ]);
    expect(await db().$count(organizations, eq(organizations.name, "Ghost Organisation"))).toBe(0);
    expect(await db().$count(organizations, eq(organizations.name, "Nameless Organisation"))).toBe(0);
    expect(await db().$count(organizations, eq(organizations.name, "Real Organisation"))).toBe(1);
    expect(await personNamed("Bad Row")).toHaveLength(0);
    expect(await db().$count(people)).toBe(before.people + 1);
    expect(await db().$count(organizations)).toBe(before.organizations + 1);
  });
});

describe("a participants import (sign-in sheet)", () => {
  it("adds people to the roster, creating the missing ones, with the sheet's role and status; a second run creates nothing", async () => {
    const activityId = await insertActivity(db(), { title: "Roster by sheet", startDate: "2026-10-01" });
    const known = await insertPerson(db(), { fullName: "Known Participant", email: "known@sheet.org" });
    const sheet =
      "Name,Email,Role,Status\nKnown Participant,KNOWN@sheet.org,Speaker,Attended\nNew Participant,new@sheet.org,,No show\nThird Participant,third@sheet.org,,\n";
    const first = await importText(db(), "participants", sheet, { activityId });
    expect(first.counts).toMatchObject({ created: 3, updated: 0, peopleCreated: 2, rejected: 0 });
    const roster = await db()
      .select({ personId: participations.personId, role: participations.role, status: participations.status })
      .from(participations)
      .where(eq(participations.activityId, activityId));
    expect(roster).toHaveLength(3);
    const [fresh] = await db().select().from(people).where(eq(people.email, "new@sheet.org"));
    const [third] = await db().select().from(people).where(eq(people.email, "third@sheet.org"));
    expect(roster).toEqual(
      expect.arrayContaining([
        { personId: known, role: "speaker", status: "attended" },
        { personId: fresh?.id, role: "participant", status: "no_show" },
        // The activity has begun: someone on the sheet without a status came.
        { personId: third?.id, role: "participant", status: "attended" },
      ]),
    );
    const peopleBefore = await db().$count(people);
    const second = await importText(db(), "participants", sheet, { activityId });
    expect(second.counts).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      peopleCreated: 0,
      organizationsCreated: 0,
    });
    expect(await db().$count(people)).toBe(peopleBefore);
    expect(await db().$count(participations, eq(participations.activityId, activityId))).toBe(3);
  });
});
