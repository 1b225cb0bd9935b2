/**
 * The writes besides the edit forms that change a versioned record (merges and their undo, imports and their undo,
 * archiving, follow-ups, ending an affiliation, focus areas), each overlapping another write of the same record on
 * the real PostgreSQL: no change is lost, none is reported that did not happen, and the history tells the truth.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endAffiliation, updateAffiliation } from "../../src/affiliations/queries";
import type { Tx } from "../../src/db/client";
import { auditEvents, focusAreas, people, programmes } from "../../src/db/schema";
import { setArchived } from "../../src/directory/records";
import { personSearchColumns } from "../../src/directory/search-columns";
import { runImport } from "../../src/imports/job";
import { createImport } from "../../src/imports/run";
import { undoImport } from "../../src/imports/undo";
import { deleteInteraction, updateInteraction } from "../../src/interactions/contact";
import { markFollowUpDone } from "../../src/interactions/follow-ups";
import { mergeKinds } from "../../src/merge/kinds";
import { mergeRecords, undoMerge } from "../../src/merge/queries";
import { updatePerson } from "../../src/people/queries";
import { personSchema } from "../../src/people/validation";
import { updateFocusArea } from "../../src/programmes/queries";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connectAgain, type OverlappingConnections } from "../helpers/overlap";
import {
  countEvents,
  insertAffiliation,
  insertContact,
  insertOrganization,
  insertPerson,
} from "../helpers/records";

const actor = { userId: null };
const today = "2026-03-02";
let database: TestDatabase;
let other: OverlappingConnections;

// PGlite is one connection: a transaction there runs alone, so two writes can never overlap on it.
describe.skipIf(!process.env.DATABASE_URL)(
  "writes overlapping a save of the same record (PostgreSQL)",
  () => {
    beforeAll(async () => {
      database = await createTestDatabase();
      other = connectAgain(database.url as string);
    });
    afterAll(async () => {
      await other?.close();
      await database?.close();
    });

    const db = () => database.db;
    const person = (fullName: string, email: string | null = null) =>
      insertPerson(db(), {
        fullName,
        email,
        ...personSearchColumns({ fullName, otherNames: [], email, phone: null }),
      });
    const stored = async (id: number) => (await db().select().from(people).where(eq(people.id, id)))[0];
    /** The person form's save, with these values, at the version the form was opened at. */
    const savePerson =
      (id: number, version: number, fullName: string, email: string | null = null) =>
      (tx: Tx) =>
        updatePerson(
          tx,
          id,
          version,
          personSchema.parse({ fullName, email: email ?? "", stakeholderType: "expert" }),
          true,
          actor,
        );

    describe("a merge", () => {
      const merge = (survivorId: number, otherId: number) => (tx: Tx) =>
        mergeRecords(
          tx,
          mergeKinds.person,
          { survivorId, otherId, survivorVersion: 1, otherVersion: 1, choices: {} },
          actor,
        );

      it("made first: the person form opened before it is refused with the merged values", async () => {
        const [survivor, merged] = [await person("Rövşən Quliyev"), await person("Ровшан Гулиев")];
        const [first, second] = await other.overlapTransactions(
          db(),
          merge(survivor, merged),
          savePerson(survivor, 1, "R. Quliyev"),
        );
        expect(first).toMatchObject({ outcome: "merged" });
        expect(second).toMatchObject({ saved: false, current: { fullName: "Rövşən Quliyev", version: 2 } });
        expect(await stored(survivor)).toMatchObject({
          fullName: "Rövşən Quliyev",
          otherNames: ["Ровшан Гулиев"],
        });
        expect(await countEvents(db(), "person.update", "person", survivor)).toBe(0);
      });

      it("made second: refused once the person was saved meanwhile", async () => {
        const [survivor, merged] = [await person("Aynur Həsənova"), await person("Айнур Гасанова")];
        const [first, second] = await other.overlapTransactions(
          db(),
          savePerson(survivor, 1, "Aynur H."),
          merge(survivor, merged),
        );
        expect(first).toEqual({ saved: true });
        expect(second).toEqual({ outcome: "changed" });
        expect(await stored(survivor)).toMatchObject({ fullName: "Aynur H.", version: 2, otherNames: [] });
        expect(await stored(merged)).toMatchObject({ mergedIntoId: null, version: 1 });
      });

      /** A merge made and committed: survivor and merged are both at version 2. */
      async function merged(survivorName: string, otherName: string) {
        const [survivor, gone] = [await person(survivorName), await person(otherName)];
        const done = await db().transaction(merge(survivor, gone));
        return {
          survivor,
          gone,
          undo: (tx: Tx) => undoMerge(tx, done.outcome === "merged" ? done.mergeId : 0, actor),
        };
      }

      it("undone first: the person form opened before the undo is refused with the values put back", async () => {
        const { survivor, undo } = await merged("Nigar Əliyeva", "Нигяр Алиева");
        const [undone, save] = await other.overlapTransactions(
          db(),
          undo,
          savePerson(survivor, 2, "N. Əliyeva"),
        );
        expect(undone).toMatchObject({ outcome: "undone" });
        expect(save).toMatchObject({
          saved: false,
          current: { fullName: "Nigar Əliyeva", otherNames: [], version: 3 },
        });
        expect(await countEvents(db(), "person.update", "person", survivor)).toBe(0);
      });

      it("undone second: refused once the person was saved meanwhile, and the save stays", async () => {
        const { survivor, gone, undo } = await merged("Samir Məmmədli", "Самир Мамедли");
        const [saved, undone] = await other.overlapTransactions(
          db(),
          savePerson(survivor, 2, "S. Məmmədli"),
          undo,
        );
        expect(saved).toEqual({ saved: true });
        expect(undone).toMatchObject({ outcome: "changedSince" });
        expect(await stored(survivor)).toMatchObject({ fullName: "S. Məmmədli", version: 3 });
        expect(await stored(gone)).toMatchObject({ mergedIntoId: survivor });
      });
    });

    describe("an import", () => {
      let fileCount = 0;
      /** Imports one line that gives the person with this email a city. */
      async function importCity(email: string, city: string) {
        fileCount += 1;
        const bytes = new TextEncoder().encode(`Name,Email,City\nSomeone,${email},${city}\n`);
        const file = { kind: "people" as const, activityId: null, fileName: `city-${fileCount}.csv`, bytes };
        const created = await createImport(db(), file, actor);
        if (!created.ok) throw new Error(created.problem);
        return created.id;
      }

      it("written first: the person form opened before it is refused with the imported values", async () => {
        const id = await person("Kamran Rzayev", "kamran@example.az");
        const importId = await importCity("kamran@example.az", "Şəki");
        const [ran, save] = await other.overlap(
          (hold) =>
            runImport(db(), importId, actor, today, {
              failAt: async (stage) => (stage === "written" ? hold() : undefined),
            }),
          () => other.db.transaction(savePerson(id, 1, "K. Rzayev", "kamran@example.az")),
        );
        expect(ran.ok).toBe(true);
        expect(save).toMatchObject({ saved: false, current: { city: "Şəki", version: 2 } });
        expect(await stored(id)).toMatchObject({ fullName: "Kamran Rzayev", city: "Şəki", version: 2 });
        expect(await countEvents(db(), "person.update", "person", id)).toBe(0);
      });

      it("written second: the import stops when the person was saved meanwhile", async () => {
        const id = await person("Sevda Kərimova", "sevda@example.az");
        const importId = await importCity("sevda@example.az", "Quba");
        const [saved, ran] = await other.overlap(
          (hold) =>
            db().transaction(async (tx) => {
              const result = await savePerson(id, 1, "S. Kərimova", "sevda@example.az")(tx);
              await hold();
              return result;
            }),
          () => runImport(other.db, importId, actor, today),
        );
        expect(saved).toEqual({ saved: true });
        expect(ran).toEqual({ ok: false, error: "changedMeanwhile" });
        expect(await stored(id)).toMatchObject({ fullName: "S. Kərimova", city: null, version: 2 });
      });

      it("undone second: refused when the person was saved meanwhile, and the save stays", async () => {
        const id = await person("Tural Abbasov", "tural@example.az");
        const importId = await importCity("tural@example.az", "Lənkəran");
        expect((await runImport(db(), importId, actor, today)).ok).toBe(true);
        const [saved, undone] = await other.overlapTransactions(
          db(),
          savePerson(id, 2, "T. Abbasov", "tural@example.az"),
          (tx) => undoImport(tx, importId, actor),
        );
        expect(saved).toEqual({ saved: true });
        expect(undone).toEqual({ ok: false, reason: "changedSince", names: ["T. Abbasov"] });
        expect(await stored(id)).toMatchObject({ fullName: "T. Abbasov", city: null, version: 3 });
        expect(await countEvents(db(), "import.undo", "import", importId)).toBe(0);
      });

      it("undone first: the person form opened before it is refused with the values put back", async () => {
        const id = await person("Ulviyya Nəsirova", "ulviyya@example.az");
        const importId = await importCity("ulviyya@example.az", "Zaqatala");
        expect((await runImport(db(), importId, actor, today)).ok).toBe(true);
        const [undone, save] = await other.overlapTransactions(
          db(),
          (tx) => undoImport(tx, importId, actor),
          savePerson(id, 2, "U. Nəsirova", "ulviyya@example.az"),
        );
        expect(undone).toEqual({ ok: true });
        expect(save).toMatchObject({ saved: false, current: { city: null, version: 3 } });
        expect(await countEvents(db(), "person.update", "person", id)).toBe(0);
      });
    });

    it("two archivings of one person: one is recorded", async () => {
      const id = await person("Vüqar Səfərov");
      const archive = (tx: Tx) => setArchived(tx, people, id, true, actor, people.fullName);
      const [first, second] = await other.overlapTransactions(db(), archive, archive);
      expect([first, second]).toEqual(["Vüqar Səfərov", "Vüqar Səfərov"]);
      expect((await stored(id))?.archivedAt).not.toBeNull();
      expect(await countEvents(db(), "person.archive", "person", id)).toBe(1);
    });

    it("a follow-up marked done twice: done once, recorded once", async () => {
      const id = await insertContact(db(), {
        subject: "Call back",
        occurredAt: new Date(),
        followUpDue: "2026-03-01",
      });
      const done = (tx: Tx) => markFollowUpDone(tx, id, actor);
      expect(await other.overlapTransactions(db(), done, done)).toEqual([true, false]);
      expect(await countEvents(db(), "interaction.follow_up_done", "interaction", id)).toBe(1);
    });

    it("a contact deleted while an edit of it saves: the history keeps the contact as edited", async () => {
      const id = await insertContact(db(), {
        subject: "Call the ministry",
        occurredAt: new Date("2026-03-01"),
      });
      const edit = (tx: Tx) =>
        updateInteraction(
          tx,
          id,
          1,
          {
            kind: "call",
            occurredAt: new Date("2026-03-01"),
            subject: "Called the ministry: agreed on dates",
            notes: null,
            activityId: null,
            personIds: [],
            organizationIds: [],
            followUpDue: null,
            followUpAssigneeId: null,
            followUpNote: null,
          },
          actor,
        );
      const remove = (tx: Tx) => deleteInteraction(tx, id, actor);
      expect(await other.overlapTransactions(db(), edit, remove)).toEqual([{ saved: true }, true]);
      const [deleted] = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "interaction.delete")));
      expect(deleted?.before).toMatchObject({ subject: "Called the ministry: agreed on dates" });
    });

    it("ending an affiliation whose start was moved meanwhile: checked against the new start", async () => {
      const personId = await person("Zaur Həsənov");
      const organizationId = await insertOrganization(db(), "Ministry of Education");
      const id = await insertAffiliation(db(), { personId, organizationId, startDate: "2020-01-01" });
      const change = { organizationId, position: "Adviser", kind: "staff" as const, startDate: "2024-06-01" };
      const edit = (tx: Tx) =>
        updateAffiliation(tx, personId, id, 1, { ...change, endDate: null, isPrimary: false }, actor);
      const end = (tx: Tx) => endAffiliation(tx, personId, id, "2024-03-01", actor);
      expect(await other.overlapTransactions(db(), edit, end)).toEqual([{ saved: true }, "beforeStart"]);
      expect(await countEvents(db(), "affiliation.end", "person", personId)).toBe(0);
    });

    it("two renamings of a focus area (no version: the last one stays): the history names the first as before", async () => {
      const [programme] = await db().insert(programmes).values({ name: "Dialogue 2026" }).returning();
      const [area] = await db()
        .insert(focusAreas)
        .values({ programmeId: programme?.id as number, name: "Awareness" })
        .returning();
      if (!area) throw new Error("no focus area");
      const rename = (name: string) => (tx: Tx) =>
        updateFocusArea(tx, area, { name, description: null }, actor);
      expect(
        await other.overlapTransactions(db(), rename("Awareness raising"), rename("Public awareness")),
      ).toEqual(["saved", "saved"]);
      const events = await db()
        .select({ before: auditEvents.before, after: auditEvents.after })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityType, "focus_area"), eq(auditEvents.entityId, area.id)))
        .orderBy(auditEvents.id);
      expect(events.map((event) => [event.before, event.after])).toEqual([
        [
          { name: "Awareness", description: null },
          { name: "Awareness raising", description: null },
        ],
        [
          { name: "Awareness raising", description: null },
          { name: "Public awareness", description: null },
        ],
      ]);
    });
  },
);
