/** Programmes: the list, adding with validation, editing with optimistic locking, and who may do what. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, focusAreas, programmes } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity } from "../helpers/records";

let t: TestApp;
let coordinator: Client;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: coordinator } = await t.loginAs("coordinator"));
  ({ client: staff } = await t.loginAs("staff"));
});
afterAll(async () => {
  await t?.close();
});

const valid = {
  name: "Vulnerable Communities in the Caucasus",
  description: "National minorities, refugees and IDPs.",
  startDate: "1998-06-01",
  endDate: "2001-12-31",
  funders: "European Union (EIDHR); UK National Lottery Charities Board, European Union (EIDHR)",
};

async function stored(name: string) {
  const [row] = await t.db.select().from(programmes).where(eq(programmes.name, name));
  return row;
}

describe("adding a programme", () => {
  it("stores it with its funders as a list, records an audit event, and shows it", async () => {
    const response = await coordinator.post("/programmes", valid);
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    const row = await stored(valid.name);
    expect(location).toBe(`/programmes/${row?.id}`);
    expect(row).toMatchObject({
      startDate: "1998-06-01",
      endDate: "2001-12-31",
      funders: ["European Union (EIDHR)", "UK National Lottery Charities Board"],
      version: 1,
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "programme"), eq(auditEvents.entityId, row?.id ?? 0)));
    expect(audit.map((event) => event.action)).toEqual(["programme.create"]);
    const page = await (await coordinator.get(location)).text();
    expect(page).toContain("Vulnerable Communities in the Caucasus is added.");
    expect(page).toContain("UK National Lottery Charities Board");
  });

  it("refuses a missing name (422), keeping what was typed and storing nothing", async () => {
    const before = await t.db.$count(programmes);
    const response = await coordinator.post("/programmes", { ...valid, name: "  " });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Please fill this in.");
    expect(html).toContain('value="1998-06-01"');
    expect(html).toContain("UK National Lottery Charities Board");
    expect(await t.db.$count(programmes)).toBe(before);
  });

  it("refuses a name already taken, in any case, beside the field (422), not a crash", async () => {
    const before = await t.db.$count(programmes);
    const response = await coordinator.post("/programmes", {
      ...valid,
      name: "VULNERABLE communities in the Caucasus",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("A programme with this name already exists");
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="VULNERABLE communities in the Caucasus"');
    expect(await t.db.$count(programmes)).toBe(before);
  });

  it("refuses an end before the start beside the end date (422)", async () => {
    const response = await coordinator.post("/programmes", {
      ...valid,
      name: "Backwards",
      startDate: "2005-01-01",
      endDate: "2004-12-31",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('id="field-endDate-error"');
    expect(html).toContain("The end cannot be before the start.");
    expect(html).toContain('value="Backwards"');
    expect(html).toContain('value="2004-12-31"');
    expect(await stored("Backwards")).toBeUndefined();
  });

  it("refuses a date that is not on the calendar (422)", async () => {
    const response = await coordinator.post("/programmes", {
      ...valid,
      name: "Leap",
      startDate: "2023-02-29",
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Please enter a date as YYYY-MM-DD.");
  });
});

describe("editing a programme", () => {
  it("saves at the version the form was opened at, and refuses a stale save with what changed (409)", async () => {
    await coordinator.post("/programmes", { ...valid, name: "Civic Dialogue" });
    const id = (await stored("Civic Dialogue"))?.id;
    const path = `/programmes/${id}`;
    const form = await (await coordinator.get(`${path}/edit`)).text();
    expect(form).toContain('name="version" value="1"');
    const first = await coordinator.post(path, { ...valid, name: "Civic Dialogue II", version: "1" });
    expect(first.status).toBe(303);
    const stale = await coordinator.post(path, { ...valid, name: "Civic Dialogue — my edit", version: "1" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Civic Dialogue II");
    expect(html).toContain('value="Civic Dialogue — my edit"');
    expect(html).toContain('name="version" value="2"');
    const row = await stored("Civic Dialogue II");
    expect(row?.version).toBe(2);
    const actions = await t.db
      .select({ action: auditEvents.action, before: auditEvents.before })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "programme"), eq(auditEvents.entityId, id ?? 0)));
    expect(actions.map((event) => event.action)).toEqual(["programme.create", "programme.update"]);
    expect(actions[1]?.before).toMatchObject({ name: "Civic Dialogue" });
  });

  it("refuses renaming to another programme's name (422)", async () => {
    await coordinator.post("/programmes", { ...valid, name: "Second Programme" });
    const row = await stored("Second Programme");
    const response = await coordinator.post(`/programmes/${row?.id}`, { ...valid, version: "1" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("A programme with this name already exists");
    expect((await stored("Second Programme"))?.version).toBe(1);
  });

  it("answers 404 for a malformed or unknown id", async () => {
    for (const path of [
      "/programmes/abc",
      "/programmes/0",
      "/programmes/99999999999",
      "/programmes/999999",
    ]) {
      expect((await coordinator.get(path)).status).toBe(404);
    }
    expect((await coordinator.post("/programmes/abc", { ...valid, version: "1" })).status).toBe(404);
  });
});

describe("the list and the page", () => {
  it("lists each programme with its dates, funders, focus areas and activity count", async () => {
    const row = await stored(valid.name);
    const programmeId = row?.id ?? 0;
    const [area] = await t.db
      .insert(focusAreas)
      .values({ programmeId, name: "Quality of debate", position: 1 })
      .returning({ id: focusAreas.id });
    await insertActivity(t.db, {
      title: "Forum",
      startDate: "1999-05-01",
      programmeId,
      focusAreaId: area?.id,
    });
    await insertActivity(t.db, { title: "Seminar", startDate: "1999-06-01", programmeId });
    const html = await (await staff.get("/programmes")).text();
    const rowHtml = html.slice(html.indexOf(`href="/programmes/${programmeId}"`));
    const cells = rowHtml.slice(0, rowHtml.indexOf("</tr>"));
    expect(cells).toContain("Jun 1, 1998");
    expect(cells).toContain("Dec 31, 2001");
    expect(cells).toContain("European Union (EIDHR)");
    expect(cells).toContain("Quality of debate");
    expect(cells).toMatch(/<td>2<\/td>/);
    expect(html).toContain('<th scope="col">');
    expect(html).toContain('href="/programmes" aria-current="page"');
  });

  it("escapes markup in names", async () => {
    const name = "<script>alert(1)</script> Programme";
    expect((await coordinator.post("/programmes", { ...valid, name })).status).toBe(303);
    const list = await (await staff.get("/programmes")).text();
    expect(list).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Programme");
    expect(list).not.toContain("<script>alert(1)</script>");
    const page = await (await staff.get(`/programmes/${(await stored(name))?.id}`)).text();
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Programme");
    expect(page).not.toContain("<script>alert(1)</script>");
  });
});

describe("roles", () => {
  it("staff see the list and a programme, without edit controls", async () => {
    const id = (await stored(valid.name))?.id;
    const list = await staff.get("/programmes");
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain(valid.name);
    expect(listHtml).not.toContain('href="/programmes/new"');
    const page = await (await staff.get(`/programmes/${id}`)).text();
    expect(page).toContain(valid.name);
    expect(page).not.toContain(`href="/programmes/${id}/edit"`);
    expect(page).not.toContain(`action="/programmes/${id}/focus-areas"`);
    const coordinatorPage = await (await coordinator.get(`/programmes/${id}`)).text();
    expect(coordinatorPage).toContain(`href="/programmes/${id}/edit"`);
    expect(coordinatorPage).toContain(`action="/programmes/${id}/focus-areas"`);
  });

  it("staff get 403 on every write and change nothing", async () => {
    const row = await stored(valid.name);
    const before = await t.db.$count(programmes);
    const audit = await t.db.$count(auditEvents);
    expect((await staff.get("/programmes/new")).status).toBe(403);
    expect((await staff.post("/programmes", { ...valid, name: "Staff Programme" })).status).toBe(403);
    expect((await staff.get(`/programmes/${row?.id}/edit`)).status).toBe(403);
    const edit = await staff.post(`/programmes/${row?.id}`, { ...valid, name: "Staff rename", version: "1" });
    expect(edit.status).toBe(403);
    expect((await staff.post(`/programmes/${row?.id}/focus-areas`, { name: "Staff area" })).status).toBe(403);
    expect(await t.db.$count(programmes)).toBe(before);
    expect(await t.db.$count(auditEvents)).toBe(audit);
    expect((await stored(valid.name))?.version).toBe(1);
  });
});
