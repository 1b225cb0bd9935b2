/** Affiliations: added from a person's page by the organisation's name, shown on both pages, ended with a date. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliations, organizations, people } from "../../src/db/schema";
import { toSearchText } from "../../src/text/search-text";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
let personId: number;
let organizationId: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  const [person] = await t.db
    .insert(people)
    .values({ fullName: "Leyla Hüseynova" })
    .returning({ id: people.id });
  const [organization] = await t.db
    .insert(organizations)
    .values({
      name: "Milli Məclis Human Rights Committee",
      kind: "parliament",
      searchText: toSearchText(["Milli Məclis Human Rights Committee"]),
    })
    .returning({ id: organizations.id });
  personId = person?.id ?? 0;
  organizationId = organization?.id ?? 0;
});
afterAll(async () => {
  await t?.close();
});

const term = {
  organization: "milli məclis human rights committee",
  position: "Member of Parliament",
  kind: "elected_official",
  startDate: "2015-11-01",
  endDate: "",
  isPrimary: "on",
};

describe("affiliations", () => {
  it("are added by the organisation's name and shown on the person's and the organisation's pages", async () => {
    const response = await staff.post(`/people/${personId}/affiliations`, term);
    expect(response.status).toBe(303);
    const [row] = await t.db.select().from(affiliations).where(eq(affiliations.personId, personId));
    expect(row).toMatchObject({
      organizationId,
      position: "Member of Parliament",
      kind: "elected_official",
      isPrimary: true,
    });
    expect(await (await staff.get(`/people/${personId}`)).text()).toContain(
      "Milli Məclis Human Rights Committee",
    );
    const organizationPage = await (await staff.get(`/organizations/${organizationId}`)).text();
    expect(organizationPage).toContain("Leyla Hüseynova");
    expect(organizationPage).toContain("Member of Parliament");
  });

  it("refuses an organisation that does not exist, keeping what was typed (422)", async () => {
    const before = await t.db.$count(affiliations);
    const response = await staff.post(`/people/${personId}/affiliations`, {
      ...term,
      organization: "Atlantis Parliament",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("No organisation has exactly this name");
    expect(html).toContain('value="Atlantis Parliament"');
    expect(await t.db.$count(affiliations)).toBe(before);
  });

  it("keeps one main affiliation per person", async () => {
    await staff.post(`/people/${personId}/affiliations`, {
      ...term,
      position: "Chair",
      startDate: "2020-01-01",
    });
    const rows = await t.db.select().from(affiliations).where(eq(affiliations.personId, personId));
    expect(rows.filter((row) => row.isPrimary).map((row) => row.position)).toEqual(["Chair"]);
  });

  it("ends with an end date (a term of office), and refuses an end before the start", async () => {
    const [first] = await t.db
      .select()
      .from(affiliations)
      .where(eq(affiliations.position, "Member of Parliament"));
    const tooEarly = await staff.post(`/people/${personId}/affiliations/${first?.id}/end`, {
      endDate: "2010-01-01",
    });
    expect(tooEarly.status).toBe(303);
    const [unchanged] = await t.db
      .select()
      .from(affiliations)
      .where(eq(affiliations.id, first?.id ?? 0));
    expect(unchanged?.endDate).toBeNull();
    await staff.post(`/people/${personId}/affiliations/${first?.id}/end`, { endDate: "2020-11-01" });
    const [ended] = await t.db
      .select()
      .from(affiliations)
      .where(eq(affiliations.id, first?.id ?? 0));
    expect(ended?.endDate).toBe("2020-11-01");
    expect(await (await staff.get(`/organizations/${organizationId}`)).text()).toContain("past");
  });

  it("cannot end another person's affiliation (404)", async () => {
    const [row] = await t.db.select().from(affiliations).where(eq(affiliations.personId, personId));
    expect(
      (await staff.post(`/people/999999/affiliations/${row?.id}/end`, { endDate: "2024-01-01" })).status,
    ).toBe(404);
  });

  it("refuses a day that does not exist with a message beside the field (422), adding nothing", async () => {
    const before = await t.db.$count(affiliations);
    const response = await staff.post(`/people/${personId}/affiliations`, {
      ...term,
      startDate: "2024-02-30",
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('value="2024-02-30"');
    expect(await t.db.$count(affiliations)).toBe(before);
  });

  it("suggests organisations by part of their name", async () => {
    const html = await (
      await staff.get("/organizations/suggestions?organization=M%C9%99clis+human", { "HX-Request": "true" })
    ).text();
    expect(html).toContain('<option value="Milli Məclis Human Rights Committee"');
  });

  it("answers a second organisation field of a page into its own list, and never with an id from the request as markup", async () => {
    const own = await (
      await staff.get(
        "/organizations/suggestions?list=from-organization-suggestions&fromOrganization=M%C9%99clis",
      )
    ).text();
    expect(own).toContain('<datalist id="from-organization-suggestions">');
    expect(own).toContain('<option value="Milli Məclis Human Rights Committee"');
    const hostile = await (
      await staff.get('/organizations/suggestions?list="><script>&organization=M%C9%99clis')
    ).text();
    expect(hostile).toContain('<datalist id="organization-suggestions">');
    expect(hostile).not.toContain("<script>");
  });
});
