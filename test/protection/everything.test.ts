/**
 * "Everything we hold on this person": the page and the JSON download hold the person's own records in every section
 * (activities, contacts, consent, history, file lines, merges, proposals, nominations, the access log) and nothing
 * of anyone else; coordinators and above only; each reading is in the access log.
 */
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAffiliation } from "../../src/affiliations/queries";
import {
  accessLog,
  consents,
  importRows,
  imports,
  participations,
  partnerProposals,
  people,
} from "../../src/db/schema";
import { createInteraction } from "../../src/interactions/contact";
import { mergeKinds } from "../../src/merge/kinds";
import { mergeRecords } from "../../src/merge/queries";
import { changeRow } from "../../src/participants/queries";
import { nominate } from "../../src/partners/nominations";
import { everythingSections } from "../../src/protection/everything";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  insertActivity,
  insertAffiliation,
  insertContact,
  insertOrganization,
  insertParticipation,
  insertPerson,
  sectionOf,
} from "../helpers/records";

let t: TestApp;
let coordinator: Client;
let coordinatorUser: { id: number; name: string };
let staff: Client;
let nigar: number;
let rauf: number;

/** What belongs to Rauf alone: none of it may appear in Nigar's records. */
const raufsOwn = [
  "Rauf Məmmədov",
  "rauf@example.org",
  "+994502223344",
  "Rauf's private consent note",
  "Rauf Secret Union",
  "Rauf's own seminar",
];

beforeAll(async () => {
  t = await createTestApp();
  ({ client: coordinator, user: coordinatorUser } = await t.loginAs("coordinator"));
  ({ client: staff } = await t.loginAs("staff"));
  const actor = { userId: coordinatorUser.id, requestId: null };

  nigar = await insertPerson(t.db, {
    fullName: "Nigar Həsənova",
    otherNames: ["Нигяр Гасанова"],
    email: "nigar@example.org",
    phone: "+994501112233",
    birthYear: 1985,
    community: "Talysh",
    displacementStatus: "idp",
    notes: "Prefers calls in the morning",
  });
  rauf = await insertPerson(t.db, {
    fullName: "Rauf Məmmədov",
    email: "rauf@example.org",
    phone: "+994502223344",
    community: "Lezgi",
  });

  // Affiliations, through the audited path: history on each record.
  const ngo = await insertOrganization(t.db, "Lankaran Women's Council");
  const secret = await insertOrganization(t.db, "Rauf Secret Union");
  await t.db.transaction(async (tx) => {
    const affiliation = { position: "Chair", kind: "board" as const, startDate: "2019-01-01", endDate: null };
    await addAffiliation(tx, nigar, { ...affiliation, organizationId: ngo, isPrimary: true }, actor);
    await addAffiliation(tx, rauf, { ...affiliation, organizationId: secret, isPrimary: true }, actor);
  });

  // Activities: Nigar's roster row is changed later (an audit event on the activity, naming her row).
  const seminar = await insertActivity(t.db, {
    title: "Seminar on local budgets",
    kind: "seminar",
    startDate: "2024-04-10",
    country: "AZ",
  });
  const raufsSeminar = await insertActivity(t.db, { title: "Rauf's own seminar", startDate: "2024-05-01" });
  await insertParticipation(t.db, {
    activityId: seminar,
    personId: nigar,
    role: "speaker",
    status: "registered",
    organizationId: ngo,
    organizationName: "Lankaran Women's Council",
    preScore: 40,
    postScore: 75,
  });
  await insertParticipation(t.db, { activityId: raufsSeminar, personId: rauf, status: "attended" });
  const [row] = await t.db
    .select({ id: participations.id })
    .from(participations)
    .where(and(eq(participations.personId, nigar), eq(participations.activityId, seminar)));
  await t.db.transaction((tx) => changeRow(tx, seminar, row?.id ?? 0, { status: "attended" }, actor));

  // One contact with both of them; one with Nigar alone.
  await insertContact(t.db, {
    occurredAt: new Date("2024-06-01T09:00:00Z"),
    kind: "meeting",
    subject: "Planning the women's forum",
    notes: "Agreed on the venue",
    people: [nigar, rauf],
  });
  await insertContact(t.db, {
    occurredAt: new Date("2024-07-01T09:00:00Z"),
    kind: "call",
    subject: "Follow-up call about the forum",
    followUpDue: "2024-07-15",
    followUpNote: "Send the agenda",
    people: [nigar],
  });

  await t.db.insert(consents).values([
    {
      personId: nigar,
      purpose: "donor_sharing",
      status: "given",
      givenOn: "2024-04-10",
      method: "written",
      note: "Signed at the seminar",
      createdBy: coordinatorUser.id,
      updatedBy: coordinatorUser.id,
    },
    { personId: rauf, purpose: "photos", status: "refused", note: "Rauf's private consent note" },
  ]);

  // A people import whose second line wrote Nigar and third wrote Rauf.
  const file = "Name,Email\nNigar Hasanova,nigar.import@example.org\nRauf Məmmədov,rauf@example.org\n";
  const [upload] = await t.db
    .insert(imports)
    .values({
      kind: "people",
      fileName: "seminar-list.csv",
      fileBytes: new TextEncoder().encode(file),
      encoding: "utf-8",
      delimiter: ",",
      status: "done",
    })
    .returning({ id: imports.id });
  await t.db.insert(importRows).values([
    { importId: upload?.id ?? 0, lineNumber: 2, outcome: "created", entityType: "person", entityId: nigar },
    { importId: upload?.id ?? 0, lineNumber: 3, outcome: "created", entityType: "person", entityId: rauf },
  ]);

  // A duplicate of Nigar merged into her record.
  const duplicate = await insertPerson(t.db, { fullName: "N. Hasanova" });
  await t.db.transaction((tx) =>
    mergeRecords(
      tx,
      mergeKinds.person,
      { survivorId: nigar, otherId: duplicate, survivorVersion: 1, otherVersion: 1, choices: {} },
      actor,
    ),
  );

  // A partner proposed a new phone for her, and nominated her for a planned workshop.
  await t.db.insert(partnerProposals).values({
    organizationId: ngo,
    personId: nigar,
    field: "phone",
    oldValue: "+994501112233",
    newValue: "+994509998877",
  });
  const workshop = await insertActivity(t.db, {
    title: "Workshop on advocacy",
    status: "planned",
    startDate: "2099-01-01",
    nominationsOpen: true,
  });
  const nominated = await nominate(t.db, ngo, workshop, { existing: [nigar], newPeople: [] }, actor);
  expect(nominated).toEqual({ nominated: 1, alreadyListed: 0 });
  // Rauf's record has a history of its own.
  await insertAffiliation(t.db, { personId: rauf, organizationId: ngo });
});
afterAll(async () => {
  await t?.close();
});

async function everythingPage(id: number): Promise<string> {
  const response = await coordinator.get(`/people/${id}/everything`);
  expect(response.status).toBe(200);
  return response.text();
}

describe("the page of everything we hold", () => {
  it("shows the person's own row, sensitive fields and pseudonym included", async () => {
    const html = await everythingPage(nigar);
    const [row] = await t.db.select({ pseudonym: people.pseudonym }).from(people).where(eq(people.id, nigar));
    const record = sectionOf(html, "everything-person");
    for (const value of ["Nigar Həsənova", "nigar@example.org", "+994501112233", "1985", "Talysh"])
      expect(record).toContain(value);
    expect(record).toContain("Internally displaced");
    expect(record).toContain("Prefers calls in the morning");
    expect(record).toContain(row?.pseudonym ?? "no pseudonym");
    expect(sectionOf(html, "everything-otherNames")).toContain("Нигяр Гасанова");
  });

  it("has every section, each with the person's records", async () => {
    const html = await everythingPage(nigar);
    for (const name of everythingSections) expect(html).toContain(`id="everything-${name}"`);
    expect(sectionOf(html, "everything-affiliations")).toContain("Lankaran Women&#39;s Council");
    const activities = sectionOf(html, "everything-participations");
    expect(activities).toContain("Seminar on local budgets");
    expect(activities).toContain("Speaker");
    expect(activities).toContain("Attended");
    expect(activities).toContain("75");
    const contacts = sectionOf(html, "everything-contacts");
    expect(contacts).toContain("Planning the women&#39;s forum");
    expect(contacts).toContain("Agreed on the venue");
    expect(contacts).toContain("Send the agenda");
    const consent = sectionOf(html, "everything-consents");
    expect(consent).toContain("Signed at the seminar");
    expect(consent).toContain("Given");
    const lines = sectionOf(html, "everything-imports");
    expect(lines).toContain("seminar-list.csv, line 2");
    expect(lines).toContain("nigar.import@example.org");
    expect(sectionOf(html, "everything-merges")).toContain("N. Hasanova was merged into this record");
    expect(sectionOf(html, "everything-proposals")).toContain("+994509998877");
    expect(sectionOf(html, "everything-nominations")).toContain("Workshop on advocacy");
    // The affiliation added, the roster row changed to attended (recorded on the activity), the merge.
    const history = sectionOf(html, "everything-history");
    expect(history).toContain("Added");
    expect(history).toContain("Seminar on local budgets");
    expect(history).toContain("Registered → Attended");
    expect(history).toContain("Merged with another record");
  });

  it("holds nothing of another person, even from a contact they shared", async () => {
    const html = await everythingPage(nigar);
    for (const value of raufsOwn) expect(html).not.toContain(value.replace(/'/g, "&#39;"));
  });

  it("keeps the names of the others in a shared contact out of its history, on the page and in the JSON", async () => {
    const own = await insertPerson(t.db, { fullName: "Kamala Rüstəmova" });
    const sharer = await insertPerson(t.db, { fullName: "Samira Quliyeva", email: "samira@example.org" });
    await t.db.transaction((tx) =>
      createInteraction(
        tx,
        {
          kind: "meeting",
          occurredAt: new Date("2024-08-01T09:00:00Z"),
          subject: "Round table on housing",
          notes: null,
          activityId: null,
          personIds: [own, sharer],
          organizationIds: [],
          followUpDue: null,
          followUpAssigneeId: null,
          followUpNote: null,
        },
        { userId: coordinatorUser.id },
      ),
    );
    const html = await everythingPage(own);
    expect(html).toContain("Round table on housing");
    expect(html).not.toContain("Samira Quliyeva");
    const json = await (await coordinator.get(`/people/${own}/everything.json`)).text();
    expect(json).toContain("Round table on housing");
    expect(json).not.toContain("Samira Quliyeva");
  });

  it("is in the access log, and lists that reading among those of the person", async () => {
    const before = await t.db.$count(accessLog, eq(accessLog.what, "person.everything"));
    const html = await everythingPage(nigar);
    const logged = await t.db
      .select()
      .from(accessLog)
      .where(eq(accessLog.what, "person.everything"))
      .orderBy(accessLog.id);
    expect(logged).toHaveLength(before + 1);
    expect(logged.at(-1)).toMatchObject({ userId: coordinatorUser.id, kind: "view", personIds: [nigar] });
    expect(sectionOf(html, "everything-accessLog")).toContain(coordinatorUser.name);
  });

  it("is linked from the person's page for coordinators, not for staff", async () => {
    const link = `href="/people/${nigar}/everything"`;
    expect(await (await coordinator.get(`/people/${nigar}`)).text()).toContain(link);
    expect(await (await staff.get(`/people/${nigar}`)).text()).not.toContain(link);
  });

  it("says what is left of an erased person", async () => {
    const erased = await insertPerson(t.db, {
      fullName: "Erased person",
      erasedAt: new Date("2025-02-03T10:00:00Z"),
      erasedBy: coordinatorUser.id,
      erasureReason: "Asked to be forgotten",
      archivedAt: new Date("2025-02-03T10:00:00Z"),
    });
    const html = await everythingPage(erased);
    expect(html).toContain("data was erased on");
    expect(html).toContain("What is left is the anonymous record below");
    expect(sectionOf(html, "everything-person")).toContain("Asked to be forgotten");
  });
});

describe("the JSON download", () => {
  it("is a file with the same sections and the person's records", async () => {
    const response = await coordinator.get(`/people/${nigar}/everything.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="person-\d+-everything.json"/,
    );
    const text = await response.text();
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(["generatedAt", "personId", ...everythingSections]);
    expect(data.person).toMatchObject({ fullName: "Nigar Həsənova", community: "Talysh", birthYear: 1985 });
    // The nomination is a roster row too, waiting for a decision.
    expect(data.participations).toEqual([
      expect.objectContaining({ activity: "Workshop on advocacy", status: "nominated" }),
      expect.objectContaining({ activity: "Seminar on local budgets", role: "speaker", status: "attended" }),
    ]);
    expect(data.contacts.map((contact: { subject: string }) => contact.subject)).toEqual([
      "Follow-up call about the forum",
      "Planning the women's forum",
    ]);
    expect(data.consents).toEqual([
      expect.objectContaining({ purpose: "donor_sharing", status: "given", note: "Signed at the seminar" }),
    ]);
    const actions = data.history.map((event: { action: string }) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(["affiliation.create", "participant.update", "person.merge"]),
    );
    expect(data.imports[0].line).toContainEqual({ column: "Email", value: "nigar.import@example.org" });
    expect(data.nominations).toHaveLength(1);
    for (const value of raufsOwn) expect(text).not.toContain(value);
  });

  it("is in the access log as a download", async () => {
    await coordinator.get(`/people/${nigar}/everything.json`);
    const [last] = await t.db
      .select()
      .from(accessLog)
      .where(eq(accessLog.what, "person.everything.json"))
      .orderBy(desc(accessLog.id))
      .limit(1);
    expect(last).toMatchObject({ kind: "export", personIds: [nigar], userId: coordinatorUser.id });
  });
});

describe("who may", () => {
  it("refuses staff, and logs nothing", async () => {
    const before = await t.db.$count(accessLog);
    expect((await staff.get(`/people/${nigar}/everything`)).status).toBe(403);
    expect((await staff.get(`/people/${nigar}/everything.json`)).status).toBe(403);
    expect(await t.db.$count(accessLog)).toBe(before);
  });

  it("answers 404 for a record that does not exist", async () => {
    const before = await t.db.$count(accessLog);
    expect((await coordinator.get("/people/999999/everything")).status).toBe(404);
    expect((await coordinator.get("/people/999999/everything.json")).status).toBe(404);
    expect((await coordinator.get("/people/nobody/everything")).status).toBe(404);
    expect(await t.db.$count(accessLog)).toBe(before);
  });
});
