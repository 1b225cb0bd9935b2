/** The people list's city and community filters: in the URL, on the page and in the CSV; community only for coordinators and above. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
let coordinator: Client;
let manager: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  ({ client: manager } = await t.loginAs("manager"));
  await t.db.insert(people).values([
    { fullName: "Elvin Qasımov", city: "Ganja", community: "Lezgin" },
    { fullName: "Samira Hüseynova", city: "Baku", community: "Lezgin" },
    { fullName: "Ruslan Abdullayev", city: "Ganja", community: "Talysh" },
  ]);
});
afterAll(async () => {
  await t?.close();
});

/** The names listed in the results (the filter form may hold the same words). */
async function listed(client: Client, path: string): Promise<string> {
  const html = await (await client.get(path)).text();
  return html.slice(html.indexOf('id="people-results"'));
}

async function csv(client: Client, path: string): Promise<string> {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  return new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()));
}

describe("the city filter", () => {
  it("narrows the list to the city typed, in any case and with stray spaces, and keeps it in the form", async () => {
    const page = await (await staff.get("/people?city=%20gANJA%20")).text();
    expect(page).toContain('<input id="filter-city" name="city" value="gANJA"');
    const results = page.slice(page.indexOf('id="people-results"'));
    expect(results).toContain("Elvin Qasımov");
    expect(results).toContain("Ruslan Abdullayev");
    expect(results).not.toContain("Samira Hüseynova");
    expect(await listed(staff, "/people?city=Gan")).toContain("No people match.");
  });

  it("narrows the CSV export the same way", async () => {
    const text = await csv(manager, "/people?city=ganja&format=csv");
    expect(text).toContain("Elvin Qasımov");
    expect(text).not.toContain("Samira Hüseynova");
  });

  it("ignores a value too long to be a city instead of failing", async () => {
    const response = await staff.get(`/people?city=${"x".repeat(500)}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Samira Hüseynova");
  });
});

describe("the community filter (sensitive)", () => {
  it("is offered to coordinators and narrows their list", async () => {
    const page = await (await coordinator.get("/people?community=lezgin")).text();
    expect(page).toContain('name="community"');
    const results = page.slice(page.indexOf('id="people-results"'));
    expect(results).toContain("Elvin Qasımov");
    expect(results).toContain("Samira Hüseynova");
    expect(results).not.toContain("Ruslan Abdullayev");
  });

  it("is neither shown to staff nor applied when they put it in the URL", async () => {
    const page = await (await staff.get("/people?community=Lezgin")).text();
    expect(page).not.toContain('name="community"');
    const results = page.slice(page.indexOf('id="people-results"'));
    expect(results).toContain("Ruslan Abdullayev");
    // Nor by htmx, which asks for the results alone.
    const fragment = await (await staff.get("/people?community=Talysh", { "HX-Request": "true" })).text();
    expect(fragment).toContain("Samira Hüseynova");
  });

  it("applies to the CSV export, combined with the city", async () => {
    const text = await csv(manager, "/people?community=Lezgin&city=Ganja&format=csv");
    expect(text).toContain("Elvin Qasımov");
    expect(text).not.toContain("Samira Hüseynova");
    expect(text).not.toContain("Ruslan Abdullayev");
  });
});
