/** The organisations list's community-served and city filters: on the page, in the URL and in the CSV. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  await t.db.insert(organizations).values([
    { name: "Refugee Women's Council", kind: "ngo", city: "Baku", communitiesServed: ["refugees", "women"] },
    { name: "Youth Bridge Sumgait", kind: "ngo", city: "Sumgait", communitiesServed: ["youth"] },
    { name: "IDP Legal Aid Centre", kind: "ngo", city: "Baku", communitiesServed: ["idps", "refugees"] },
  ]);
});
afterAll(async () => {
  await t?.close();
});

async function listed(path: string): Promise<string> {
  const html = await (await staff.get(path)).text();
  return html.slice(html.indexOf('id="organizations-results"'));
}

describe("the community-served filter", () => {
  it("is a choice of the communities, and lists the organisations that serve the one chosen", async () => {
    const page = await (await staff.get("/organizations?community=refugees")).text();
    expect(page).toContain('<label for="filter-community">Communities served</label>');
    expect(page).toContain('<option value="refugees" selected="">Refugees</option>');
    const results = page.slice(page.indexOf('id="organizations-results"'));
    expect(results).toContain("Refugee Women&#39;s Council");
    expect(results).toContain("IDP Legal Aid Centre");
    expect(results).not.toContain("Youth Bridge Sumgait");
  });

  it("combines with the city, and ignores a community not in the vocabulary", async () => {
    const both = await listed("/organizations?community=youth&city=baku");
    expect(both).toContain("No organisations match.");
    const unknown = await staff.get("/organizations?community=martians");
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain("Youth Bridge Sumgait");
  });

  it("applies to the CSV export", async () => {
    const { client: manager } = await t.loginAs("manager");
    const response = await manager.get("/organizations?community=youth&format=csv");
    const text = new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain("Youth Bridge Sumgait");
    expect(text).not.toContain("IDP Legal Aid Centre");
  });
});

describe("the city filter", () => {
  it("lists the organisations in that city, in any case", async () => {
    const html = await listed("/organizations?city=SUMGAIT");
    expect(html).toContain("Youth Bridge Sumgait");
    expect(html).not.toContain("IDP Legal Aid Centre");
  });
});
