/** The whole import on the sample files: planned, written in one transaction, idempotent, undone; a failure writes nothing. */
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  affiliations,
  imports,
  organizations,
  participations,
  partnerRequests,
  people,
  users,
} from "../../src/db/schema";
import { runImport } from "../../src/imports/job";
import { createImport, fileOf } from "../../src/imports/run";
import { undoImport } from "../../src/imports/undo";
import { fixtureBytes as fixture } from "../fixtures/imports/files";
import { createTestApp, type TestApp } from "../helpers/app";
import { insertActivity } from "../helpers/records";

const actor = { userId: null };
const today = "2026-11-28";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function imported(
  kind: "people" | "organizations" | "participants",
  file: string,
  activityId: number | null = null,
) {
  const created = await createImport(t.db, { kind, activityId, fileName: file, bytes: fixture(file) }, actor);
  if (!created.ok) throw new Error(created.problem);
  const result = await runImport(t.db, created.id, actor, today);
  if (!result.ok) throw new Error(result.error);
  return { id: created.id, counts: result.summary.counts, summary: result.summary };
}

describe("the stored file", () => {
  it("comes back byte for byte, across the pieces it is read in", async () => {
    // Every byte value, a Windows-1251 header first, and more than one 4 MB piece.
    const header = fixture("people_ru_cp1251_semicolon.csv");
    const bytes = new Uint8Array(9 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 11)) % 256;
    bytes.set(header);
    const stored = await t.db
      .insert(imports)
      .values({ kind: "people", fileName: "bytes.csv", fileBytes: bytes, rowsTotal: 1, mapping: {} })
      .returning({ id: imports.id });
    const back = await fileOf(t.db, stored[0]?.id ?? 0);
    expect(back.length).toBe(bytes.length);
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("a people file from Excel in a Russian locale (Windows-1251, semicolons)", () => {
  it("creates each person once, rejects the bad email whole, and a second run creates nothing", async () => {
    const first = await imported("people", "people_ru_cp1251_semicolon.csv");
    expect(first.counts).toMatchObject({ created: 5, rejected: 1 });
    const maka = await t.db.select().from(people).where(eq(people.email, "maka.tsereteli@sample.ge"));
    expect(maka).toHaveLength(1);
    expect(await t.db.$count(organizations, eq(organizations.name, "Шекинский молодежный клуб"))).toBe(0);
    const second = await imported("people", "people_ru_cp1251_semicolon.csv");
    expect(second.counts).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 5,
      organizationsCreated: 0,
      peopleCreated: 0,
    });
    const undone = await t.db.transaction((tx) => undoImport(tx, second.id, actor));
    expect(undone).toEqual({ ok: true });
    const back = await t.db.transaction((tx) => undoImport(tx, first.id, actor));
    expect(back).toEqual({ ok: true });
    expect(await t.db.$count(people)).toBe(0);
    expect(await t.db.$count(organizations)).toBe(0);
    expect(await t.db.$count(affiliations)).toBe(0);
  });
});

describe("an organisations file (UTF-8 with BOM)", () => {
  it("makes one organisation of two spellings and rejects an unknown type and a missing name", async () => {
    const result = await imported("organizations", "organizations_utf8_bom.csv");
    expect(result.counts).toMatchObject({ created: 5, rejected: 2 });
  });
});

describe("undo after partners named the organisations", () => {
  async function importedNames(...names: string[]) {
    const bytes = new TextEncoder().encode(`name;kind\n${names.map((name) => `${name};ngo`).join("\n")}\n`);
    const created = await createImport(
      t.db,
      { kind: "organizations", activityId: null, fileName: "partners.csv", bytes },
      actor,
    );
    if (!created.ok) throw new Error(created.problem);
    const result = await runImport(t.db, created.id, actor, today);
    if (!result.ok) throw new Error(result.error);
    const ids = await t.db
      .select({ id: organizations.id })
      .from(organizations)
      .where(inArray(organizations.name, names));
    return { importId: created.id, organizationIds: ids.map((row) => row.id) };
  }

  it("goes ahead over a request still waiting, which keeps the name it was asked with", async () => {
    const { importId, organizationIds } = await importedNames("Asked For NGO");
    const [request] = await t.db
      .insert(partnerRequests)
      .values({
        name: "Visitor",
        email: "visitor@example.org",
        organizationId: organizationIds[0],
        organizationName: "Asked For NGO",
        status: "waiting",
      })
      .returning({ id: partnerRequests.id });
    expect(await t.db.transaction((tx) => undoImport(tx, importId, actor))).toEqual({ ok: true });
    const [after] = await t.db
      .select()
      .from(partnerRequests)
      .where(eq(partnerRequests.id, request?.id as number));
    expect([after?.organizationId, after?.organizationName]).toEqual([null, "Asked For NGO"]);
  });

  it("is refused, naming the organisation, once a partner account belongs to it", async () => {
    const { importId, organizationIds } = await importedNames("Account Holding NGO");
    await t.db.insert(users).values({
      email: "partner.holding@example.org",
      name: "Partner",
      role: "partner",
      organizationId: organizationIds[0],
    });
    expect(await t.db.transaction((tx) => undoImport(tx, importId, actor))).toEqual({
      ok: false,
      reason: "usedSince",
      names: ["Account Holding NGO"],
    });
  });
});

describe("a sign-in sheet (UTF-16, tabs)", () => {
  it("adds each person to the roster once", async () => {
    const activityId = await insertActivity(t.db, { title: "Sign-in", startDate: "2026-10-01" });
    const result = await imported("participants", "attendance_utf16_tab.txt", activityId);
    expect(result.counts).toMatchObject({ created: 3 });
    const rows = await t.db.select().from(participations).where(eq(participations.activityId, activityId));
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.status === "attended")).toBe(true);
  });
});

describe("a database failure part-way", () => {
  it("leaves nothing written and the import failed, and running it again works", async () => {
    const before = await t.db.$count(people);
    const created = await createImport(
      t.db,
      {
        kind: "people",
        activityId: null,
        fileName: "x.csv",
        bytes: new TextEncoder().encode("Name,Email\nFail Once,fail.once@example.org\n"),
      },
      actor,
    );
    if (!created.ok) throw new Error(created.problem);
    const failed = await runImport(t.db, created.id, actor, today, {
      failAt: async () => {
        throw new Error("the database went away");
      },
    });
    expect(failed.ok).toBe(false);
    expect(await t.db.$count(people)).toBe(before);
    const [record] = await t.db.select().from(imports).where(eq(imports.id, created.id));
    expect(record?.status).toBe("failed");
    const again = await runImport(t.db, created.id, actor, today);
    expect(again.ok).toBe(true);
    expect(await t.db.$count(people)).toBe(before + 1);
  });
});

describe("rules found in review", () => {
  const file = (text: string) => new TextEncoder().encode(text);
  async function importText(text: string) {
    const created = await createImport(
      t.db,
      { kind: "people", activityId: null, fileName: "r.csv", bytes: file(text) },
      actor,
    );
    if (!created.ok) throw new Error(created.problem);
    const result = await runImport(t.db, created.id, actor, today);
    if (!result.ok) throw new Error(result.error);
    return { id: created.id, counts: result.summary.counts };
  }

  it("reads back what our exports write: the apostrophe before a phone or a formula-like text goes", async () => {
    const result = await importText(
      "Name,Email,Phone,Notes\nApostrophe Back,apostrophe@example.org,'+994501112233,'=1+2\n",
    );
    expect(result.counts).toMatchObject({ created: 1 });
    const [person] = await t.db.select().from(people).where(eq(people.email, "apostrophe@example.org"));
    expect(person).toMatchObject({ phone: "+994501112233", notes: "=1+2" });
  });

  it("keeps two people who share an office phone apart, and never gives one the other's email", async () => {
    const first = await importText(
      "Name,Email,Phone,Country\nJohn Office,john.office@example.org,+994 12 444 55 66,AZ\nMary Office,mary.office@example.org,+994 12 444 55 66,AZ\n",
    );
    expect(first.counts).toMatchObject({ created: 2 });
    const later = await importText(
      "Name,Email,Phone,Country\nLeyla Office,leyla.office@example.org,+994 12 444 55 66,AZ\n",
    );
    expect(later.counts).toMatchObject({ created: 1, updated: 0 });
    const john = await t.db.select().from(people).where(eq(people.fullName, "John Office"));
    expect(john[0]?.email).toBe("john.office@example.org");
  });

  it("joins a line to the earlier person it shares a name and organisation with, before a later one sharing its phone", async () => {
    // Line 3 is Nigar (same name at the same organisation as line 2) and shares its phone with line 4, whose email
    // is someone else's: it goes with line 2, in file order, and line 4 stays a person of its own.
    const file = [
      "Name,Email,Phone,Organisation,Country",
      "Nigar Order,nigar.order@example.org,,Order Test Org,AZ",
      "Nigar Order,,+994 12 555 66 77,Order Test Org,AZ",
      "Kamal Order,kamal.order@example.org,+994 12 555 66 77,,AZ",
    ].join("\n");
    const imported = await importText(`${file}\n`);
    expect(imported.counts).toMatchObject({ created: 2 });
    const [nigar] = await t.db.select().from(people).where(eq(people.email, "nigar.order@example.org"));
    expect(nigar?.phone).toBe("+994125556677");
    const [kamal] = await t.db.select().from(people).where(eq(people.email, "kamal.order@example.org"));
    expect(kamal?.phone).toBe("+994125556677");
  });

  it("matches the same name at the same organisation with accents and case aside, and undoes a new affiliation alone", async () => {
    await importText("Name,Email,Organisation\nJosé García,jose.garcia@example.org,Accent Test Org\n");
    const again = await importText("Name,Organisation,Position\nJOSE GARCIA,Accent Test Org,\n");
    expect(again.counts).toMatchObject({ created: 0, unchanged: 1 });
    const joined = await importText(
      "Name,Email,Organisation\nJosé García,jose.garcia@example.org,Second Accent Org\n",
    );
    expect(joined.counts).toMatchObject({ created: 0, updated: 1, organizationsCreated: 1 });
    expect(await t.db.transaction((tx) => undoImport(tx, joined.id, actor))).toEqual({ ok: true });
    expect(await t.db.$count(organizations, eq(organizations.name, "Second Accent Org"))).toBe(0);
    const [jose] = await t.db.select().from(people).where(eq(people.email, "jose.garcia@example.org"));
    // Only an affiliation was added, so undo leaves the person as they were (same version: nobody sees a change).
    expect(jose?.version).toBe(1);
    expect(await t.db.$count(affiliations, eq(affiliations.personId, jose?.id ?? 0))).toBe(1);
  });

  it("stops and writes nothing when a record it updates was changed after it was read", async () => {
    await importText("Name,Email,City\nVersion Race,version.race@example.org,\n");
    const created = await createImport(
      t.db,
      {
        kind: "people",
        activityId: null,
        fileName: "race.csv",
        bytes: file("Name,Email,City\nVersion Race,version.race@example.org,Gəncə\n"),
      },
      actor,
    );
    if (!created.ok) throw new Error(created.problem);
    // Someone edits the person between the plan and the write: the version the plan read is gone.
    const editMeanwhile = async (stage: string) => {
      if (stage === "planned") {
        await t.db
          .update(people)
          .set({ notes: "edited by hand", version: sql`${people.version} + 1` })
          .where(eq(people.email, "version.race@example.org"));
      }
    };
    const result = await runImport(t.db, created.id, actor, today, { failAt: editMeanwhile });
    expect(result).toEqual({ ok: false, error: "changedMeanwhile" });
    const [person] = await t.db.select().from(people).where(eq(people.email, "version.race@example.org"));
    expect(person).toMatchObject({ city: null, notes: "edited by hand", version: 2 });
    const [record] = await t.db.select().from(imports).where(eq(imports.id, created.id));
    expect(record).toMatchObject({ status: "failed", error: "changedMeanwhile" });
    const again = await runImport(t.db, created.id, actor, today);
    expect(again.ok).toBe(true);
    const [after] = await t.db.select().from(people).where(eq(people.email, "version.race@example.org"));
    expect(after).toMatchObject({ city: "Gəncə", notes: "edited by hand" });
  });
});
