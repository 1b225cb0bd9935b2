/** Editing an affiliation from a person's page: saved and shown on both pages, locked against stale saves, validated, audited. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliations, auditEvents, organizations, people } from "../../src/db/schema";
import { toSearchText } from "../../src/text/search-text";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { fieldBlock } from "../helpers/auth";

let t: TestApp;
let staff: Client;
let coordinator: Client;
let personId: number;
let otherPersonId: number;
let ministry: number;
let forum: number;

async function insertOrganization(name: string) {
  const [row] = await t.db
    .insert(organizations)
    .values({ name, kind: "government", searchText: toSearchText([name]) })
    .returning({ id: organizations.id });
  return row?.id as number;
}

async function insertAffiliation(
  values: Partial<typeof affiliations.$inferInsert> & { organizationId: number },
) {
  const [row] = await t.db
    .insert(affiliations)
    .values({ personId, ...values })
    .returning({ id: affiliations.id });
  return row?.id as number;
}

async function stored(id: number) {
  const [row] = await t.db.select().from(affiliations).where(eq(affiliations.id, id));
  return row;
}

beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  const [person, other] = await t.db
    .insert(people)
    .values([{ fullName: "Aygün Əliyeva" }, { fullName: "Giorgi Beridze" }])
    .returning({ id: people.id });
  personId = person?.id as number;
  otherPersonId = other?.id as number;
  ministry = await insertOrganization("Ministry of Labour and Social Protection");
  forum = await insertOrganization("Ganja Civic Forum");
});
afterAll(async () => {
  await t?.close();
});

const form = {
  organization: "Ministry of Labour and Social Protection",
  position: "Adviser",
  kind: "staff",
  startDate: "2019-02-01",
  endDate: "",
  isPrimary: "on",
  version: "1",
};

describe("editing an affiliation", () => {
  it("is linked from each affiliation on the person's page and opens with its values", async () => {
    const id = await insertAffiliation({
      organizationId: ministry,
      position: "Adviser",
      startDate: "2019-02-01",
    });
    const page = await (await staff.get(`/people/${personId}`)).text();
    expect(page).toContain(`href="/people/${personId}/affiliations/${id}/edit"`);
    const edit = await staff.get(`/people/${personId}/affiliations/${id}/edit`);
    expect(edit.status).toBe(200);
    const html = await edit.text();
    expect(html).toContain('value="Ministry of Labour and Social Protection"');
    expect(html).toContain('value="Adviser"');
    expect(html).toContain('value="2019-02-01"');
    expect(html).toContain(`action="/people/${personId}/affiliations/${id}"`);
  });

  it("saves a new organisation, position and dates, shown on the person's and both organisations' pages, audited", async () => {
    const id = await insertAffiliation({ organizationId: ministry, position: "Intern" });
    const response = await staff.post(`/people/${personId}/affiliations/${id}`, {
      ...form,
      organization: "ganja civic forum",
      position: "Chair of the board",
      kind: "board",
      startDate: "2021-05-01",
      endDate: "2023-04-30",
      isPrimary: "",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/people/${personId}#affiliations`);
    expect(await stored(id)).toMatchObject({
      organizationId: forum,
      position: "Chair of the board",
      kind: "board",
      startDate: "2021-05-01",
      endDate: "2023-04-30",
      version: 2,
    });
    expect(await (await staff.get(`/people/${personId}`)).text()).toContain("Chair of the board");
    expect(await (await staff.get(`/organizations/${forum}`)).text()).toContain("Chair of the board");
    expect(await (await staff.get(`/organizations/${ministry}`)).text()).not.toContain("Intern");
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "affiliation.update"), eq(auditEvents.entityId, personId)));
    expect(event?.before).toMatchObject({
      organization: "Ministry of Labour and Social Protection",
      position: "Intern",
    });
    expect(event?.after).toMatchObject({ organization: "Ganja Civic Forum", position: "Chair of the board" });
  });

  it("makes it the main one and the person's other main one not, in one save", async () => {
    const main = await insertAffiliation({ organizationId: forum, position: "Member", isPrimary: true });
    const other = await insertAffiliation({ organizationId: ministry, position: "Consultant" });
    const response = await staff.post(`/people/${personId}/affiliations/${other}`, {
      ...form,
      position: "Consultant",
      isPrimary: "on",
    });
    expect(response.status).toBe(303);
    expect((await stored(other))?.isPrimary).toBe(true);
    // The other one changed too, so a form of it still open is now stale.
    expect(await stored(main)).toMatchObject({ isPrimary: false, version: 2 });
  });

  it("refuses a stale save with what changed meanwhile (409), keeping what was typed", async () => {
    const id = await insertAffiliation({ organizationId: ministry, position: "Analyst" });
    const path = `/people/${personId}/affiliations/${id}`;
    const first = await staff.post(path, { ...form, position: "Senior analyst", isPrimary: "" });
    expect(first.status).toBe(303);
    const stale = await coordinator.post(path, { ...form, position: "Head of unit", isPrimary: "" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Someone saved this record while you were editing it.");
    expect(html).toContain("Position: now “Senior analyst”");
    expect(html).toContain('value="Head of unit"');
    expect(html).toContain('name="version" value="2"');
    expect(await stored(id)).toMatchObject({ position: "Senior analyst", version: 2 });
    // Sent again from the form as it came back, it is a deliberate overwrite.
    const again = await coordinator.post(path, {
      ...form,
      position: "Head of unit",
      isPrimary: "",
      version: "2",
    });
    expect(again.status).toBe(303);
    expect((await stored(id))?.position).toBe("Head of unit");
  });

  it("refuses an end before the start, or a date that is not one (422), with the error beside the field", async () => {
    const id = await insertAffiliation({ organizationId: ministry, position: "Trainer" });
    const path = `/people/${personId}/affiliations/${id}`;
    const backwards = await staff.post(path, { ...form, position: "Lead trainer", endDate: "2018-12-31" });
    expect(backwards.status).toBe(422);
    const html = await backwards.text();
    expect(fieldBlock(html, "endDate")).toContain("The end cannot be before the start.");
    expect(html).toContain('value="Lead trainer"');
    expect(html).toContain('value="2018-12-31"');
    const notADate = await staff.post(path, { ...form, startDate: "2019-02-31x" });
    expect(notADate.status).toBe(422);
    expect(fieldBlock(await notADate.text(), "startDate")).toContain("Please enter a date as YYYY-MM-DD.");
    expect(await stored(id)).toMatchObject({ position: "Trainer", endDate: null, version: 1 });
  });

  it("refuses an organisation that does not exist (422), keeping what was typed", async () => {
    const id = await insertAffiliation({ organizationId: ministry, position: "Volunteer" });
    const response = await staff.post(`/people/${personId}/affiliations/${id}`, {
      ...form,
      organization: "Atlantis Ministry",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldBlock(html, "organization")).toContain("No organisation has exactly this name");
    expect(html).toContain('value="Atlantis Ministry"');
    expect((await stored(id))?.organizationId).toBe(ministry);
  });

  it("answers 404 for another person's affiliation and for malformed ids, changing nothing", async () => {
    const id = await insertAffiliation({ organizationId: ministry, position: "Not theirs" });
    expect((await staff.get(`/people/${otherPersonId}/affiliations/${id}/edit`)).status).toBe(404);
    const post = await staff.post(`/people/${otherPersonId}/affiliations/${id}`, {
      ...form,
      position: "Stolen",
    });
    expect(post.status).toBe(404);
    expect((await staff.get(`/people/abc/affiliations/${id}/edit`)).status).toBe(404);
    expect((await staff.get(`/people/${personId}/affiliations/1.5/edit`)).status).toBe(404);
    expect((await staff.post(`/people/${personId}/affiliations/99999999999`, form)).status).toBe(404);
    expect(await stored(id)).toMatchObject({ position: "Not theirs", version: 1 });
  });
});
