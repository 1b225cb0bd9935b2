/** The search box: people and organisations at once, in any script, for every signed-in role. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations, people } from "../../src/db/schema";
import { toSearchText } from "../../src/text/search-text";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  await t.db.insert(people).values([
    { fullName: "Günel Əliyeva", searchText: toSearchText(["Günel Əliyeva", "gunel@example.az"]) },
    { fullName: "Լուսինե Ավետիսյան", searchText: toSearchText(["Լուսինե Ավետիսյան"]) },
  ]);
  await t.db
    .insert(organizations)
    .values({ name: "Aliyev Foundation", searchText: toSearchText(["Aliyev Foundation"]) });
});
afterAll(async () => {
  await t?.close();
});

describe("GET /search", () => {
  it("finds people and organisations together, whatever the script typed", async () => {
    const html = await (await staff.get("/search?q=%D0%B0%D0%BB%D0%B8%D0%B5%D0%B2")).text(); // "алиев"
    expect(html).toContain("Günel Əliyeva");
    expect(html).toContain("Aliyev Foundation");
    expect(html).not.toContain("Լուսինե Ավետիսյան");
  });

  it("finds an Armenian name by its Latin spelling, and by an email fragment", async () => {
    expect(await (await staff.get("/search?q=lusine")).text()).toContain("Լուսինե Ավետիսյան");
    expect(await (await staff.get("/search?q=gunel%40example")).text()).toContain("Günel Əliyeva");
  });

  it("says when nothing matches, and the search box is on every page", async () => {
    const html = await (await staff.get("/search?q=zzzzqqq")).text();
    expect(html).toContain("Nothing found.");
    expect(await (await staff.get("/")).text()).toContain('action="/search"');
  });
});
