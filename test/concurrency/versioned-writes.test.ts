/**
 * Two saves of one record at the same version: exactly one is saved, the other gets the conflict with the first's
 * values, and the history has one change. Overlapping for real on PostgreSQL; a stale form through HTTP on both.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateActivity } from "../../src/activities/queries";
import { activitySchema } from "../../src/activities/validation";
import { updateAffiliation } from "../../src/affiliations/queries";
import type { Tx } from "../../src/db/client";
import { organizations, participations, people, programmes } from "../../src/db/schema";
import { updateOrganization } from "../../src/organizations/queries";
import { organizationSchema } from "../../src/organizations/validation";
import { updateParticipation } from "../../src/participants/queries";
import { updatePerson } from "../../src/people/queries";
import { personSchema } from "../../src/people/validation";
import { updateProgramme } from "../../src/programmes/queries";
import { programmeSchema } from "../../src/programmes/validation";
import { createTestApp, type TestApp } from "../helpers/app";
import { connectAgain, type OverlappingConnections } from "../helpers/overlap";
import {
  countEvents,
  insertActivity,
  insertAffiliation,
  insertOrganization,
  insertParticipation,
  insertPerson,
} from "../helpers/records";

const actor = { userId: null };
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type SaveResult = { saved: true } | { saved: false; current?: unknown };

/** The first save went in; the second was refused with what the first stored. */
function expectFirstSavedSecondRefused(
  first: SaveResult,
  second: SaveResult,
  current: Record<string, unknown>,
) {
  expect(first).toEqual({ saved: true });
  expect(second).toMatchObject({ saved: false, current });
}

async function insertProgramme(name: string) {
  const [row] = await t.db.insert(programmes).values({ name }).returning({ id: programmes.id });
  return row?.id as number;
}

// PGlite is one connection: a transaction there runs alone, so two saves can never overlap on it.
describe.skipIf(!process.env.DATABASE_URL)("two overlapping saves at the same version (PostgreSQL)", () => {
  let other: OverlappingConnections;
  beforeAll(() => {
    other = connectAgain(t.url as string);
  });
  afterAll(async () => {
    await other?.close();
  });

  it("of a person", async () => {
    const id = await insertPerson(t.db, { fullName: "Leyla Əliyeva" });
    const save = (fullName: string) => (tx: Tx) =>
      updatePerson(tx, id, 1, personSchema.parse({ fullName, stakeholderType: "expert" }), true, actor);
    const [first, second] = await other.overlapTransactions(
      t.db,
      save("Leyla — first"),
      save("Leyla — second"),
    );
    expectFirstSavedSecondRefused(first, second, { fullName: "Leyla — first", version: 2 });
    const [row] = await t.db.select().from(people).where(eq(people.id, id));
    expect(row).toMatchObject({ fullName: "Leyla — first", stakeholderType: "expert", version: 2 });
    expect(await countEvents(t.db, "person.update", "person", id)).toBe(1);
  });

  it("of an organisation", async () => {
    const id = await insertOrganization(t.db, "Shaki Women's Council");
    const save = (name: string) => (tx: Tx) =>
      updateOrganization(tx, id, 1, organizationSchema.parse({ name, kind: "ngo" }), actor);
    const [first, second] = await other.overlapTransactions(
      t.db,
      save("Council — first"),
      save("Council — second"),
    );
    expectFirstSavedSecondRefused(first, second, { name: "Council — first", version: 2 });
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, id));
    expect(row).toMatchObject({ name: "Council — first", version: 2 });
    expect(await countEvents(t.db, "organization.update", "organization", id)).toBe(1);
  });

  it("of a programme", async () => {
    const id = await insertProgramme("Voices of the Regions");
    const save = (name: string) => (tx: Tx) =>
      updateProgramme(tx, id, 1, programmeSchema.parse({ name }), actor);
    const [first, second] = await other.overlapTransactions(
      t.db,
      save("Voices — first"),
      save("Voices — second"),
    );
    expectFirstSavedSecondRefused(first, second, { name: "Voices — first", version: 2 });
    const [row] = await t.db.select().from(programmes).where(eq(programmes.id, id));
    expect(row).toMatchObject({ name: "Voices — first", version: 2 });
    expect(await countEvents(t.db, "programme.update", "programme", id)).toBe(1);
  });

  it("of an activity", async () => {
    const id = await insertActivity(t.db, { title: "Roundtable in Qax", startDate: "2025-04-01" });
    const input = (title: string) =>
      activitySchema.parse({ title, kind: "roundtable", startDate: "2025-04-01" });
    const save = (title: string) => (tx: Tx) => updateActivity(tx, id, 1, input(title), actor);
    const [first, second] = await other.overlapTransactions(t.db, save("Qax — first"), save("Qax — second"));
    expectFirstSavedSecondRefused(first, second, { title: "Qax — first", version: 2 });
    expect(await countEvents(t.db, "activity.update", "activity", id)).toBe(1);
  });

  it("of an affiliation", async () => {
    const personId = await insertPerson(t.db, { fullName: "Giorgi Beridze" });
    const organizationId = await insertOrganization(t.db, "Parliament of Georgia");
    const id = await insertAffiliation(t.db, { personId, organizationId });
    const change = (position: string) => ({
      organizationId,
      position,
      kind: "elected_official" as const,
      startDate: null,
      endDate: null,
      isPrimary: true,
    });
    const save = (position: string) => (tx: Tx) =>
      updateAffiliation(tx, personId, id, 1, change(position), actor);
    const [first, second] = await other.overlapTransactions(t.db, save("MP — first"), save("MP — second"));
    expectFirstSavedSecondRefused(first, second, { position: "MP — first", version: 2 });
    expect(await countEvents(t.db, "affiliation.update", "person", personId)).toBe(1);
  });

  it("of a roster row", async () => {
    const personId = await insertPerson(t.db, { fullName: "Anahit Petrosyan" });
    const activityId = await insertActivity(t.db, { title: "Training in Gyumri", startDate: "2025-05-01" });
    await insertParticipation(t.db, { activityId, personId });
    const [row] = await t.db.select().from(participations).where(eq(participations.personId, personId));
    const id = row?.id as number;
    const change = (preScore: number) => ({
      organizationId: null,
      organizationName: null,
      stakeholderType: null,
      role: "participant" as const,
      status: "attended" as const,
      preScore,
      postScore: null,
    });
    const save = (preScore: number) => (tx: Tx) =>
      updateParticipation(tx, activityId, id, 1, change(preScore), actor);
    const [first, second] = await other.overlapTransactions(t.db, save(40), save(55));
    expectFirstSavedSecondRefused(first, second, { preScore: 40, version: 2 });
    expect(await countEvents(t.db, "participant.update", "activity", activityId)).toBe(1);
  });
});

describe("a stale save through the form", () => {
  const forms: {
    kind: string;
    label: string;
    make: () => Promise<number>;
    path: string;
    field: string;
    form: Record<string, string>;
    action: string;
  }[] = [
    {
      kind: "person",
      label: "person",
      make: () => insertPerson(t.db, { fullName: "Elnur Hüseynov" }),
      path: "/people",
      field: "fullName",
      form: { stakeholderType: "official" },
      action: "person.update",
    },
    {
      kind: "organization",
      label: "organisation",
      make: () => insertOrganization(t.db, "Lankaran Youth Centre"),
      path: "/organizations",
      field: "name",
      form: { kind: "ngo" },
      action: "organization.update",
    },
    {
      kind: "programme",
      label: "programme",
      make: () => insertProgramme("Bridges 2026"),
      path: "/programmes",
      field: "name",
      form: {},
      action: "programme.update",
    },
  ];

  it.each(forms.map((form) => [form.label, form] as const))(
    "of a %s answers 409 with what changed, and keeps what was typed",
    async (_, f) => {
      const { client } = await t.loginAs("coordinator");
      const id = await f.make();
      const path = `${f.path}/${id}`;
      const saved = await client.post(path, { ...f.form, [f.field]: `Saved ${f.kind}`, version: "1" });
      expect(saved.status).toBe(303);
      const stale = await client.post(path, { ...f.form, [f.field]: `Typed ${f.kind}`, version: "1" });
      expect(stale.status).toBe(409);
      const html = await stale.text();
      expect(html).toContain(`value="Typed ${f.kind}"`);
      expect(html).toContain(`Saved ${f.kind}`);
      expect(html).toContain('name="version" value="2"');
      expect(await countEvents(t.db, f.action, f.kind, id)).toBe(1);
    },
  );
});
