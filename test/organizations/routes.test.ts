/** Organisations: the searchable list, adding with validation, editing with optimistic locking, archiving. */
import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organizations } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
});
afterAll(async () => {
  await t?.close();
});

const valid = {
  name: "Azərbaycan Qaçqınlar Birliyi",
  kind: "ngo",
  country: "Азербайджан",
  city: "Bakı",
  website: "refugees-union.example.az",
  email: "Info@Refugees-Union.example.az",
  phone: "(012) 498-76-54",
  sectors: "human rights; legal aid, human rights",
  communitiesServed: "refugees,idps",
  tags: "partner, 2024",
};

/** Adds an organisation, confirming it is not a duplicate (the fixtures share an email and a phone). */
async function add(fields: Record<string, string>) {
  return staff.post("/organizations", { ...fields, notDuplicate: "on" });
}

/** The names listed in the results (the flash of an earlier redirect may name a record too). */
async function listed(path: string): Promise<string> {
  const html = await (await staff.get(path)).text();
  return html.slice(html.indexOf('id="organizations-results"'));
}

describe("adding an organisation", () => {
  it("stores normalised values, the folded search text and an audit event, then shows the record", async () => {
    const response = await add(valid);
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    const id = Number(location.split("/").at(-1));
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, id));
    expect(row).toMatchObject({
      name: "Azərbaycan Qaçqınlar Birliyi",
      country: "AZ",
      website: "https://refugees-union.example.az",
      email: "info@refugees-union.example.az",
      phone: "+994124987654",
      sectors: ["human rights", "legal aid"],
      communitiesServed: ["refugees", "idps"],
      tags: ["partner", "2024"],
      version: 1,
    });
    expect(row?.searchText).toContain("azarbaycan qacqinlar birliyi");
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit.map((event) => event.action)).toContain("organization.create");
    const page = await (await staff.get(location)).text();
    expect(page).toContain("Azərbaycan Qaçqınlar Birliyi");
    expect(page).toContain("+994124987654");
  });

  it("keeps what was typed and puts each error beside its field (422), storing nothing", async () => {
    const before = await t.db.$count(organizations);
    const response = await add({
      ...valid,
      name: " ",
      email: "not-an-email",
      country: "Atlantis",
      website: "javascript:alert(1)",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Please fill this in.");
    expect(html).toContain("Please enter an email address like name@example.org.");
    expect(html).toContain("No country by that name or code");
    expect(html).toContain("Please enter a web address like example.org.");
    expect(html).toContain('value="Atlantis"');
    expect(await t.db.$count(organizations)).toBe(before);
  });

  it("refuses overlong values with a message", async () => {
    const response = await add({ ...valid, name: "x".repeat(301) });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("This is too long.");
  });

  it("shows markup typed into a field as text, never as markup", async () => {
    const response = await add({ ...valid, name: '<script>alert("x")</script> Org' });
    const page = await (await staff.get(response.headers.get("location") ?? "")).text();
    expect(page).not.toContain('<script>alert("x")</script>');
    expect(page).toContain("&lt;script&gt;");
  });
});

describe("likely duplicates", () => {
  it("are shown before saving (same email, or a close name in another script), and nothing is stored until confirmed", async () => {
    const before = await t.db.$count(organizations);
    const response = await staff.post("/organizations", {
      ...valid,
      name: "Азербайджанский союз беженцев",
      phone: "",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("This may already be in the directory.");
    expect(html).toContain("Azərbaycan Qaçqınlar Birliyi");
    expect(await t.db.$count(organizations)).toBe(before);
    const confirmed = await staff.post("/organizations", {
      ...valid,
      name: "Азербайджанский союз беженцев",
      notDuplicate: "on",
    });
    expect(confirmed.status).toBe(303);
    expect(await t.db.$count(organizations)).toBe(before + 1);
  });
});

describe("the list", () => {
  beforeAll(async () => {
    await add({ ...valid, name: "Мамедов и партнёры", country: "AZ", tags: "media" });
    await add({
      ...valid,
      name: "Tbilisi Minorities Forum",
      country: "Georgia",
      phone: "",
      kind: "community_group",
    });
  });

  it("finds an organisation by part of its name in another script", async () => {
    const html = await listed("/organizations?q=mamedov");
    expect(html).toContain("Мамедов и партнёры");
    expect(html).not.toContain("Tbilisi Minorities Forum");
  });

  it("filters by kind and country", async () => {
    const html = await listed("/organizations?kind=community_group&country=GE");
    expect(html).toContain("Tbilisi Minorities Forum");
    expect(html).not.toContain("Мамедов и партнёры");
  });

  it("filters by tag, suggesting the tags in use, and sorts by recent change", async () => {
    const page = await (await staff.get("/organizations?tag=media")).text();
    const suggestions = await (await staff.get("/tags/suggestions?kind=organization&tag=part")).text();
    expect(suggestions).toContain('<option value="partner">');
    const results = page.slice(page.indexOf('id="organizations-results"'));
    expect(results).toContain("Мамедов и партнёры");
    expect(results).not.toContain("Tbilisi Minorities Forum");
    const recent = await listed("/organizations?sort=updated");
    expect(recent.indexOf("Tbilisi Minorities Forum")).toBeLessThan(
      recent.indexOf("Azərbaycan Qaçqınlar Birliyi"),
    );
  });

  it("answers an htmx search with the results alone", async () => {
    const response = await staff.get("/organizations?q=forum", { "HX-Request": "true" });
    const html = await response.text();
    expect(html).not.toContain("<html");
    expect(html).toContain('id="organizations-results"');
    expect(html).toContain("Tbilisi Minorities Forum");
  });
});

describe("editing", () => {
  it("saves with the version the form was opened at, and refuses a stale save with what changed (409)", async () => {
    const created = await add({ ...valid, name: "Ganja Youth Centre" });
    const path = created.headers.get("location") ?? "";
    const first = await staff.post(path, { ...valid, name: "Ganja Youth Centre (renamed)", version: "1" });
    expect(first.status).toBe(303);
    const stale = await staff.post(path, { ...valid, name: "Ganja Youth Centre — my edit", version: "1" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Someone saved this record while you were editing it.");
    expect(html).toContain("Ganja Youth Centre (renamed)");
    expect(html).toContain('value="Ganja Youth Centre — my edit"');
    const id = Number(path.split("/").at(-1));
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, id));
    expect(row?.name).toBe("Ganja Youth Centre (renamed)");
    expect(row?.version).toBe(2);
  });

  it("answers 404 for a malformed or unknown id", async () => {
    expect((await staff.get("/organizations/abc")).status).toBe(404);
    expect((await staff.get("/organizations/99999999999")).status).toBe(404);
    expect((await staff.post("/organizations/999999", valid)).status).toBe(404);
  });
});

describe("archiving", () => {
  it("hides an archived organisation from the list unless asked, and restores it", async () => {
    const created = await add({ ...valid, name: "Sumgait Archive Test" });
    const path = created.headers.get("location") ?? "";
    expect((await staff.post(`${path}/archive`)).status).toBe(303);
    expect(await listed("/organizations?q=archive+test")).not.toContain("Sumgait Archive Test");
    expect(await listed("/organizations?q=archive+test&archived=only")).toContain("Sumgait Archive Test");
    await staff.post(`${path}/restore`);
    expect(await listed("/organizations?q=archive+test")).toContain("Sumgait Archive Test");
  });

  it("counts every organisation not archived on the unfiltered list as they are archived and restored", async () => {
    const shown = async () =>
      Number(/([\d,]+) organisations?\b/.exec(await listed("/organizations"))?.[1]?.replace(/,/g, ""));
    const before = await shown();
    expect(before).toBe(await t.db.$count(organizations, isNull(organizations.archivedAt)));
    const created = await add({ ...valid, name: "Counted Union" });
    const path = created.headers.get("location") ?? "";
    expect(await shown()).toBe(before + 1);
    await staff.post(`${path}/archive`);
    expect(await shown()).toBe(before);
    await staff.post(`${path}/restore`);
    expect(await shown()).toBe(before + 1);
  });
});
