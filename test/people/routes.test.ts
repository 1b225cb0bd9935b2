/** People: search across scripts, adding with validation, sensitive fields by role, editing with locking, archiving. */
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, people } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
let coordinator: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
});
afterAll(async () => {
  await t?.close();
});

const rashad = {
  fullName: "Rəşad Məmmədov",
  otherNames: "Рашад Мамедов, Rashad Mammadov",
  stakeholderType: "community_leader",
  gender: "male",
  birthYear: "1971",
  country: "Azərbaycan",
  city: "Ganja",
  email: "Rashad.Mammadov@Example.az",
  phone: "050 123 45 67",
  languages: "az, ru",
  tags: "network, trainer",
  community: "Lezgin",
  displacementStatus: "idp",
};

function idOf(response: Response): number {
  return Number((response.headers.get("location") ?? "").split("/").at(-1));
}

async function listed(client: Client, path: string): Promise<string> {
  const html = await (await client.get(path)).text();
  return html.slice(html.indexOf('id="people-results"'));
}

describe("adding a person", () => {
  it("stores normalised values and the sensitive fields when a coordinator adds them", async () => {
    const response = await coordinator.post("/people", rashad);
    expect(response.status).toBe(303);
    const [row] = await t.db
      .select()
      .from(people)
      .where(eq(people.id, idOf(response)));
    expect(row).toMatchObject({
      fullName: "Rəşad Məmmədov",
      otherNames: ["Рашад Мамедов", "Rashad Mammadov"],
      country: "AZ",
      email: "rashad.mammadov@example.az",
      phone: "+994501234567",
      birthYear: 1971,
      community: "Lezgin",
      displacementStatus: "idp",
    });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, idOf(response)));
    expect(audit.map((event) => event.action)).toContain("person.create");
  });

  it("keeps what was typed and shows each error beside its field (422)", async () => {
    const before = await t.db.$count(people);
    const response = await staff.post("/people", {
      ...rashad,
      fullName: "",
      birthYear: "1850",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Please fill this in.");
    expect(html).toContain("Please enter a year between 1900 and this year.");
    expect(html).toContain('value="Ganja"');
    expect(await t.db.$count(people)).toBe(before);
  });
});

describe("likely duplicates", () => {
  it("are shown before saving a person spelled in another script, linking to the existing record", async () => {
    const before = await t.db.$count(people);
    const response = await staff.post("/people", { fullName: "Рашад Мамедов", stakeholderType: "other" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("This may already be in the directory.");
    expect(html).toMatch(/href="\/people\/\d+">Rəşad Məmmədov</);
    expect(await t.db.$count(people)).toBe(before);
  });
});

describe("search in every script", () => {
  it("finds Məmmədov by 'mammadov', 'MAMMADOV' and 'Мамедов'", async () => {
    for (const query of ["mammadov", "MAMMADOV", "Мамедов", "Məmmədov"]) {
      expect(await listed(staff, `/people?q=${encodeURIComponent(query)}`), query).toContain(
        "Rəşad Məmmədov",
      );
    }
    expect(await listed(staff, "/people?q=beridze")).not.toContain("Rəşad Məmmədov");
  });

  it("finds a Georgian name by its Latin spelling", async () => {
    await staff.post("/people", {
      fullName: "გიორგი ბერიძე",
      stakeholderType: "official",
    });
    expect(await listed(staff, "/people?q=giorgi+beridze")).toContain("გიორგი ბერიძე");
  });
});

describe("sensitive fields", () => {
  it("are shown to coordinators; staff see only that a value exists", async () => {
    const [row] = await t.db.select().from(people).where(eq(people.fullName, "Rəşad Məmmədov"));
    const path = `/people/${row?.id}`;
    const asCoordinator = await (await coordinator.get(path)).text();
    expect(asCoordinator).toContain("Lezgin");
    const asStaff = await (await staff.get(path)).text();
    expect(asStaff).not.toContain("Lezgin");
    expect(asStaff).toContain("Recorded; visible to coordinators");
    expect(await (await staff.get(`${path}/edit`)).text()).not.toContain('name="community"');
  });

  it("cannot be changed or erased by staff saving the person", async () => {
    const [row] = await t.db.select().from(people).where(eq(people.fullName, "Rəşad Məmmədov"));
    const response = await staff.post(`/people/${row?.id}`, {
      ...rashad,
      city: "Baku",
      community: "changed by staff",
      displacementStatus: "",
      version: String(row?.version),
    });
    expect(response.status).toBe(303);
    const [after] = await t.db
      .select()
      .from(people)
      .where(eq(people.id, row?.id ?? 0));
    expect(after).toMatchObject({ city: "Baku", community: "Lezgin", displacementStatus: "idp" });
  });
});

describe("editing and archiving", () => {
  it("refuses a stale save with what changed (409) and keeps the typed input", async () => {
    const created = await staff.post("/people", { fullName: "Nino Kapanadze", stakeholderType: "expert" });
    const path = `/people/${idOf(created)}`;
    expect(
      (
        await staff.post(path, {
          fullName: "Nino Kapanadze-Beridze",
          stakeholderType: "expert",
          version: "1",
        })
      ).status,
    ).toBe(303);
    const stale = await coordinator.post(path, {
      fullName: "Nino K.",
      stakeholderType: "expert",
      version: "1",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Nino Kapanadze-Beridze");
    expect(html).toContain('value="Nino K."');
  });

  it("archives and restores, hiding archived people from the list", async () => {
    const created = await staff.post("/people", {
      fullName: "Armen Sargsyan Archive",
      stakeholderType: "journalist",
    });
    const path = `/people/${idOf(created)}`;
    await staff.post(`${path}/archive`);
    expect(await listed(staff, "/people?q=sargsyan+archive")).not.toContain("Armen Sargsyan Archive");
    expect(await listed(staff, "/people?q=sargsyan+archive&archived=only")).toContain(
      "Armen Sargsyan Archive",
    );
    await staff.post(`${path}/restore`);
    expect(await listed(staff, "/people?q=sargsyan+archive")).toContain("Armen Sargsyan Archive");
  });

  it("counts everyone not archived on the unfiltered list, and a filtered list by its filter, as records come and go", async () => {
    const shown = async (path: string) =>
      Number(/([\d,]+) (?:people|person)\b/.exec(await listed(staff, path))?.[1]?.replace(/,/g, ""));
    const active = () => t.db.$count(people, isNull(people.archivedAt));
    const before = await shown("/people");
    expect(before).toBe(await active());
    const created = await staff.post("/people", {
      fullName: "Tamar Counted",
      stakeholderType: "expert",
      country: "GE",
    });
    const path = `/people/${idOf(created)}`;
    expect(await shown("/people")).toBe(before + 1);
    const georgians = await shown("/people?country=GE");
    expect(georgians).toBe(
      await t.db.$count(people, and(isNull(people.archivedAt), eq(people.country, "GE"))),
    );
    expect(georgians).toBeLessThan(before + 1);
    await staff.post(`${path}/archive`);
    expect(await shown("/people")).toBe(before);
    expect(await shown("/people?country=GE")).toBe(georgians - 1);
    expect(await shown("/people?archived=include")).toBe(await t.db.$count(people));
    await staff.post(`${path}/restore`);
    expect(await shown("/people")).toBe(await active());
  });

  it("shows who changed what in the History, withholding sensitive values from staff", async () => {
    const [row] = await t.db.select().from(people).where(eq(people.fullName, "Rəşad Məmmədov"));
    const path = `/people/${row?.id}/history`;
    const asStaff = await (await staff.get(path)).text();
    expect(asStaff).toContain("Changed");
    expect(asStaff).toContain("Ganja");
    expect(asStaff).toContain("Baku");
    expect(asStaff).not.toContain("Lezgin");
    // Codes read as on the person's page: the country and the stakeholder type in words.
    expect(asStaff).toContain("<td>Azerbaijan</td>");
    expect(asStaff).not.toContain("<td>AZ</td>");
    expect(asStaff).toContain("<td>Community leader</td>");
    const asCoordinator = await (await coordinator.get(path)).text();
    expect(asCoordinator).toContain("Lezgin");
    expect((await staff.get("/people/999999/history")).status).toBe(404);
  });

  it("answers 404 for malformed and unknown ids", async () => {
    expect((await staff.get("/people/x1")).status).toBe(404);
    expect((await staff.post("/people/123456/archive")).status).toBe(404);
  });
});

describe("CSV export", () => {
  it("is for managers: the list as it is filtered, UTF-8 with BOM, formulas neutralised, audit-logged", async () => {
    await coordinator.post("/people", {
      fullName: '=HYPERLINK("x")',
      stakeholderType: "other",
      notDuplicate: "on",
    });
    expect((await staff.get("/people?format=csv")).status).toBe(403);
    const { client: manager } = await t.loginAs("manager");
    const response = await manager.get("/people?q=mammadov&format=csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("Rəşad Məmmədov");
    expect(text).not.toContain("HYPERLINK");
    const all = new TextDecoder().decode(
      new Uint8Array(await (await manager.get("/people?format=csv")).arrayBuffer()),
    );
    expect(all).toContain(`"'=HYPERLINK(""x"")"`);
    const exports = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "export.csv"));
    expect(exports.length).toBe(2);
  });
});
