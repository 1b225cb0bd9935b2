/** Key stakeholders nobody has contacted for N days: parliamentarians, officials and tagged people, longest first. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertContact, insertPerson } from "../helpers/records";

let t: TestApp;
let staff: Client;
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  await insertPerson(t.db, {
    fullName: "Never Contacted MP",
    stakeholderType: "parliamentarian",
  });
  const old = await insertPerson(t.db, { fullName: "Old Contact Official", stakeholderType: "official" });
  const recent = await insertPerson(t.db, {
    fullName: "Recent Contact MP",
    stakeholderType: "parliamentarian",
  });
  await insertPerson(t.db, { fullName: "Tagged Donor", stakeholderType: "other", tags: ["donor-contact"] });
  await insertPerson(t.db, { fullName: "Ordinary Activist", stakeholderType: "activist" });
  await insertPerson(t.db, {
    fullName: "Archived MP",
    stakeholderType: "parliamentarian",
    archivedAt: new Date(),
  });
  await insertContact(t.db, { subject: "Call", occurredAt: daysAgo(200), people: [old] });
  await insertContact(t.db, { subject: "Meeting", occurredAt: daysAgo(10), people: [recent] });
  await insertContact(t.db, { subject: "Earlier", occurredAt: daysAgo(400), people: [recent, old] });
});
afterAll(async () => {
  await t?.close();
});

async function listed(query: string): Promise<string> {
  const html = await (await staff.get(`/interactions/not-contacted${query}`)).text();
  return html.slice(html.indexOf("<tbody>"));
}

describe("key stakeholders not contacted lately", () => {
  it("lists parliamentarians and officials not contacted for 90 days, never-contacted first", async () => {
    const rows = await listed("");
    expect(rows).toContain("Never Contacted MP");
    expect(rows).toContain("Old Contact Official");
    expect(rows).not.toContain("Recent Contact MP");
    expect(rows).not.toContain("Ordinary Activist");
    expect(rows).not.toContain("Archived MP");
    expect(rows).not.toContain("Tagged Donor");
    expect(rows.indexOf("Never Contacted MP")).toBeLessThan(rows.indexOf("Old Contact Official"));
  });

  it("takes the number of days and a tag from the URL, and ignores bad values", async () => {
    const year = await listed("?days=365");
    expect(year).not.toContain("Old Contact Official");
    expect(year).toContain("Never Contacted MP");
    expect(await listed("?days=5")).toContain("Recent Contact MP");
    expect(await listed("?tag=donor-contact")).toContain("Tagged Donor");
    const response = await staff.get("/interactions/not-contacted?days=abc&tag=");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("not contacted for 90 days");
  });
});
