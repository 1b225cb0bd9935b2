/** A programme's focus areas: add, rename, remove (refused while activities use one), in order, audited. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, focusAreas, programmes } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, sectionOf } from "../helpers/records";

let t: TestApp;
let coordinator: Client;
let staff: Client;
let programmeId: number;
let otherProgrammeId: number;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: coordinator } = await t.loginAs("coordinator"));
  ({ client: staff } = await t.loginAs("staff"));
  const rows = await t.db
    .insert(programmes)
    .values([{ name: "Caucasus Programme" }, { name: "Other Programme" }])
    .returning({ id: programmes.id });
  programmeId = rows[0]?.id ?? 0;
  otherProgrammeId = rows[1]?.id ?? 0;
  base = `/programmes/${programmeId}/focus-areas`;
});
afterAll(async () => {
  await t?.close();
});

async function areaNamed(name: string) {
  const [row] = await t.db.select().from(focusAreas).where(eq(focusAreas.name, name));
  return row;
}

async function auditFor(id: number) {
  const rows = await t.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "focus_area"), eq(auditEvents.entityId, id)));
  return rows.map((row) => row.action);
}

describe("adding focus areas", () => {
  it("adds them in order and shows them on the programme page", async () => {
    for (const name of ["Quality of debate", "Capacity building", "Awareness"]) {
      const response = await coordinator.post(base, { name, description: `About ${name}` });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/programmes/${programmeId}`);
    }
    const awareness = await areaNamed("Awareness");
    expect(awareness).toMatchObject({ programmeId, position: 3, description: "About Awareness" });
    expect(await auditFor(awareness?.id ?? 0)).toEqual(["focus_area.create"]);
    // The coordinator who added them: the flash of the last redirect is theirs.
    const page = await (await coordinator.get(`/programmes/${programmeId}`)).text();
    const section = sectionOf(page, "focus-areas");
    const order = ["Quality of debate", "Capacity building", "Awareness"].map((name) =>
      section.indexOf(name),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain("The focus area Awareness is added.");
  });

  it("refuses a missing name and a name the programme already has (422), keeping the input", async () => {
    const before = await t.db.$count(focusAreas);
    const empty = await coordinator.post(base, { name: "", description: "Kept description" });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("Please fill this in.");
    expect(emptyHtml).toContain('value="Kept description"');
    const duplicate = await coordinator.post(base, { name: "awareness" });
    expect(duplicate.status).toBe(422);
    const duplicateHtml = await duplicate.text();
    expect(duplicateHtml).toContain("This programme already has a focus area with this name.");
    expect(duplicateHtml).toContain('value="awareness"');
    expect(await t.db.$count(focusAreas)).toBe(before);
  });

  it("allows the same name in another programme", async () => {
    const response = await coordinator.post(`/programmes/${otherProgrammeId}/focus-areas`, {
      name: "Awareness",
    });
    expect(response.status).toBe(303);
    const count = await t.db.$count(focusAreas, eq(focusAreas.programmeId, otherProgrammeId));
    expect(count).toBe(1);
  });
});

describe("renaming a focus area", () => {
  it("saves a new name and description, audited with the values before", async () => {
    const area = await areaNamed("Capacity building");
    const response = await coordinator.post(`${base}/${area?.id}`, {
      name: "Capacity building for NGOs",
      description: "Trainings",
    });
    expect(response.status).toBe(303);
    expect(await areaNamed("Capacity building for NGOs")).toMatchObject({
      id: area?.id,
      description: "Trainings",
    });
    expect(await auditFor(area?.id ?? 0)).toEqual(["focus_area.create", "focus_area.update"]);
  });

  it("refuses a name another of its areas has (422) and changes nothing", async () => {
    const area = await areaNamed("Capacity building for NGOs");
    const response = await coordinator.post(`${base}/${area?.id}`, { name: "Quality of debate" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("This programme already has a focus area with this name.");
    expect((await areaNamed("Capacity building for NGOs"))?.id).toBe(area?.id);
  });
});

describe("removing a focus area", () => {
  it("is refused with a clear message (409) while an activity uses it", async () => {
    const area = await areaNamed("Quality of debate");
    await insertActivity(t.db, {
      title: "Debate forum",
      startDate: "1999-03-01",
      programmeId,
      focusAreaId: area?.id,
    });
    const response = await coordinator.post(`${base}/${area?.id}/delete`);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Quality of debate cannot be removed: 1 activity belongs to it.");
    expect(await areaNamed("Quality of debate")).toBeDefined();
    const page = await (await staff.get(`/programmes/${programmeId}`)).text();
    expect(sectionOf(page, "focus-areas")).toMatch(
      /Quality of debate<\/th><td class="text">[^<]*<\/td><td>1<\/td>/,
    );
  });

  it("removes an unused one, audited", async () => {
    const area = await areaNamed("Capacity building for NGOs");
    const response = await coordinator.post(`${base}/${area?.id}/delete`);
    expect(response.status).toBe(303);
    expect(await areaNamed("Capacity building for NGOs")).toBeUndefined();
    expect(await auditFor(area?.id ?? 0)).toContain("focus_area.delete");
    const page = await (await coordinator.get(`/programmes/${programmeId}`)).text();
    expect(page).toContain("The focus area Capacity building for NGOs is removed.");
  });

  it("answers 404 for a focus area of another programme, or a malformed one, and removes nothing", async () => {
    const [theirs] = await t.db.select().from(focusAreas).where(eq(focusAreas.programmeId, otherProgrammeId));
    expect((await coordinator.post(`${base}/${theirs?.id}/delete`)).status).toBe(404);
    expect((await coordinator.post(`${base}/${theirs?.id}`, { name: "Hijacked" })).status).toBe(404);
    expect((await coordinator.post(`${base}/x1/delete`)).status).toBe(404);
    expect((await coordinator.post("/programmes/nope/focus-areas", { name: "Lost" })).status).toBe(404);
    expect(await t.db.$count(focusAreas, eq(focusAreas.programmeId, otherProgrammeId))).toBe(1);
  });
});

describe("roles and markup", () => {
  it("staff get 403 on focus-area writes, and the page shows them no forms", async () => {
    const area = await areaNamed("Awareness");
    const audit = await t.db.$count(auditEvents);
    expect((await staff.post(base, { name: "Staff area" })).status).toBe(403);
    expect((await staff.post(`${base}/${area?.id}`, { name: "Staff rename" })).status).toBe(403);
    expect((await staff.post(`${base}/${area?.id}/delete`)).status).toBe(403);
    expect(await t.db.$count(auditEvents)).toBe(audit);
    expect(await areaNamed("Awareness")).toBeDefined();
    const page = await (await staff.get(`/programmes/${programmeId}`)).text();
    expect(page).not.toContain(`action="${base}`);
  });

  it("escapes markup in a focus area's name", async () => {
    await coordinator.post(base, { name: "<img src=x onerror=alert(1)>" });
    const page = await (await staff.get(`/programmes/${programmeId}`)).text();
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).not.toContain("<img src=x");
  });
});
