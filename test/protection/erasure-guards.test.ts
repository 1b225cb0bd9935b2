/**
 * What an erasure must not do to others, and what may not happen to an erased person afterwards: a one-word spelling of
 * their name stays in other people's records; a contact form opened before the erasure cannot write them back; their
 * consent cannot be recorded any more.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, consents, interactions, people } from "../../src/db/schema";
import { personSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertContact } from "../helpers/records";

let t: TestApp;
let admin: Client;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: admin } = await t.loginAs("admin"));
  ({ client: staff } = await t.loginAs("staff"));
});
afterAll(async () => {
  await t?.close();
});

async function person(fullName: string, otherNames: string[] = []): Promise<number> {
  const [row] = await t.db
    .insert(people)
    .values({ fullName, otherNames, ...personSearchColumns({ fullName, otherNames }) })
    .returning({ id: people.id });
  return row?.id as number;
}

async function erase(id: number) {
  const response = await admin.post(`/people/${id}/erase`, { reason: "Asked in writing" });
  expect(response.status).toBe(303);
}

describe("after an erasure", () => {
  it("another person whose name shares one word with an erased spelling keeps their name in their history", async () => {
    const namesake = await person("Ali Hasanov");
    await t.db.insert(auditEvents).values({
      action: "person.create",
      entityType: "person",
      entityId: namesake,
      after: { fullName: "Ali Hasanov" },
    });
    const erased = await person("Rashad Aliyev", ["Ali"]);
    await erase(erased);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "person"), eq(auditEvents.entityId, namesake)));
    expect(event?.after).toEqual({ fullName: "Ali Hasanov" });
  });

  it("a contact they were in moves to its next version, so a form opened before cannot put them back", async () => {
    const erased = await person("Zaur Erasable");
    const other = await person("Leyla Staying");
    const contact = await insertContact(t.db, {
      occurredAt: new Date("2026-01-10T10:00:00Z"),
      subject: "Housing",
      notes: "Zaur Erasable asked about housing",
      people: [erased, other],
    });
    const [before] = await t.db.select().from(interactions).where(eq(interactions.id, contact));
    await erase(erased);
    const [after] = await t.db.select().from(interactions).where(eq(interactions.id, contact));
    expect(after?.version).toBeGreaterThan(before?.version ?? 0);
    expect(after?.notes).not.toContain("Zaur Erasable");
  });

  it("their consent can no longer be recorded: 409, nothing kept", async () => {
    const erased = await person("Nərmin Silinən");
    await erase(erased);
    expect((await staff.get(`/people/${erased}/consent`)).status).toBe(409);
    const response = await staff.post(`/people/${erased}/consent`, {
      "participation.status": "given",
      "participation.version": "0",
    });
    expect(response.status).toBe(409);
    expect(await t.db.$count(consents, eq(consents.personId, erased))).toBe(0);
  });
});
