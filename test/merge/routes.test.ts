/** The merge pages: possible duplicates, "not a duplicate", comparing and merging two records, undo from the history. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, duplicateDismissals, organizations, participations, people } from "../../src/db/schema";
import { organizationSearchColumns, personSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, insertParticipation, insertPerson } from "../helpers/records";

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

function person(fullName: string, values: Partial<typeof people.$inferInsert> = {}) {
  const names = { fullName, otherNames: [], email: values.email ?? null, phone: values.phone ?? null };
  return insertPerson(t.db, { fullName, ...personSearchColumns(names), ...values });
}

async function organization(name: string) {
  const [row] = await t.db
    .insert(organizations)
    .values({ name, ...organizationSearchColumns({ name }) })
    .returning({ id: organizations.id });
  return row?.id as number;
}

async function stored(id: number) {
  const [row] = await t.db.select().from(people).where(eq(people.id, id));
  return row;
}

describe("the possible-duplicates page", () => {
  it("lists a pair written in two scripts, and a pair marked not a duplicate stops being suggested", async () => {
    const latin = await person("Nərmin Quliyeva", { email: "nermin@example.az" });
    const cyrillic = await person("Нармин Кулиева", { email: "nermin@example.az" });
    const page = await (await coordinator.get("/duplicates")).text();
    expect(page).toContain("Nərmin Quliyeva");
    expect(page).toContain("Нармин Кулиева");
    expect(page).toContain("same email");
    expect(page).toContain(`/people/${latin}/merge?with=${cyrillic}`);

    const dismissed = await coordinator.post("/duplicates/dismiss", {
      kind: "person",
      first: String(cyrillic),
      second: String(latin),
    });
    expect(dismissed.status).toBe(303);
    expect(dismissed.headers.get("location")).toBe("/duplicates?kind=person");
    expect(await t.db.$count(duplicateDismissals)).toBe(1);
    const after = await (await coordinator.get("/duplicates")).text();
    expect(after).not.toContain("Нармин Кулиева");
    const history = await (await coordinator.get(`/people/${latin}/history`)).text();
    expect(history).toContain("Marked as not a duplicate");
  });

  it("lists organisations on their own tab", async () => {
    await organization("Azerbaijan Women's Network");
    await organization("Azerbaijan Womens Network");
    const page = await (await coordinator.get("/duplicates?kind=organization")).text();
    expect(page).toContain("Azerbaijan Women&#39;s Network");
    expect(page).toContain("Azerbaijan Womens Network");
    expect(page).toContain("similar name");
  });

  it("is for coordinators and above: staff get 403 and no link to it", async () => {
    expect((await staff.get("/duplicates")).status).toBe(403);
    const dismiss = await staff.post("/duplicates/dismiss", { kind: "person", first: "1", second: "2" });
    expect(dismiss.status).toBe(403);
    expect(await (await staff.get("/")).text()).not.toContain('href="/duplicates"');
    expect(await (await coordinator.get("/")).text()).toContain('href="/duplicates"');
  });

  it("answers a malformed pair with 400 and an unknown one with 404, not an error", async () => {
    const bad = await coordinator.post("/duplicates/dismiss", { kind: "person", first: "x", second: "2" });
    expect(bad.status).toBe(400);
    const unknown = await coordinator.post("/duplicates/dismiss", {
      kind: "person",
      first: "999998",
      second: "999999",
    });
    expect(unknown.status).toBe(404);
  });
});

describe("merging two people", () => {
  it("offers likely duplicates and a search to choose the other record", async () => {
    const survivor = await person("Kamran Rzayev");
    const other = await person("Камран Рзаев");
    const page = await (await coordinator.get(`/people/${survivor}/merge`)).text();
    expect(page).toContain("Камран Рзаев");
    expect(page).toContain(`/people/${survivor}/merge?with=${other}`);
    const searched = await (await coordinator.get(`/people/${survivor}/merge?q=rzaev`)).text();
    expect(searched).toContain(`/people/${survivor}/merge?with=${other}`);
  });

  it("compares side by side, keeps the chosen values, moves participations, and can be undone from the history", async () => {
    const survivor = await person("Səbinə Nəsirova", { city: "Bakı", tags: ["youth"] });
    const other = await person("Сабина Насирова", {
      city: "Şəki",
      phone: "+994551112233",
      tags: ["trainer"],
    });
    const activity = await insertActivity(t.db, {
      title: "Youth leadership school",
      startDate: "2024-07-01",
    });
    await insertParticipation(t.db, { activityId: activity, personId: other, role: "trainer" });

    const compare = await (await coordinator.get(`/people/${survivor}/merge?with=${other}`)).text();
    expect(compare).toContain("Merge Сабина Насирова into Səbinə Nəsirova");
    expect(compare).toContain('name="choice.city"');
    expect(compare).toContain("Activity participations: 1");

    const response = await coordinator.post(`/people/${survivor}/merge`, {
      with: String(other),
      survivorVersion: "1",
      otherVersion: "1",
      "choice.city": "other",
      "choice.phone": "other",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/people/${survivor}`);
    expect(await stored(survivor)).toMatchObject({
      city: "Şəki",
      phone: "+994551112233",
      tags: ["youth", "trainer"],
      otherNames: ["Сабина Насирова"],
    });
    expect((await stored(other))?.mergedIntoId).toBe(survivor);
    const [moved] = await t.db.select().from(participations).where(eq(participations.activityId, activity));
    expect(moved?.personId).toBe(survivor);
    const merged = await (await coordinator.get(`/people/${other}`)).text();
    expect(merged).toContain(`/people/${survivor}`);

    const history = await (await coordinator.get(`/people/${survivor}/history`)).text();
    const undo = history.match(/action="(\/merges\/\d+\/undo)"/)?.[1];
    expect(undo).toBeDefined();
    const undone = await coordinator.post(undo as string, {});
    expect(undone.status).toBe(303);
    expect(undone.headers.get("location")).toBe(`/people/${other}`);
    expect(await stored(survivor)).toMatchObject({
      city: "Bakı",
      phone: null,
      tags: ["youth"],
      otherNames: [],
    });
    expect(await stored(other)).toMatchObject({ mergedIntoId: null, archivedAt: null });
    const [back] = await t.db.select().from(participations).where(eq(participations.activityId, activity));
    expect(back?.personId).toBe(other);
    const actions = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, survivor));
    expect(actions.map((event) => event.action)).toEqual(
      expect.arrayContaining(["person.merge", "person.unmerge"]),
    );

    const again = await coordinator.post(undo as string, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already been undone");
  });

  it("refuses a merge when a record changed after the page was opened (409, the comparison shown again)", async () => {
    const survivor = await person("Orxan Bağırov");
    const other = await person("Орхан Багиров");
    await t.db.update(people).set({ city: "Quba", version: 2 }).where(eq(people.id, other));
    const response = await coordinator.post(`/people/${survivor}/merge`, {
      with: String(other),
      survivorVersion: "1",
      otherVersion: "1",
    });
    expect(response.status).toBe(409);
    const page = await response.text();
    expect(page).toContain("was changed while you were comparing");
    expect(page).toContain('name="otherVersion" value="2"');
    expect((await stored(other))?.mergedIntoId).toBeNull();
  });

  it("refuses to undo once a record was edited after the merge, and says which", async () => {
    const survivor = await person("Tural Sultanov");
    const other = await person("Турал Султанов");
    await coordinator.post(`/people/${survivor}/merge`, {
      with: String(other),
      survivorVersion: "1",
      otherVersion: "1",
    });
    await t.db.update(people).set({ notes: "Edited after", version: 9 }).where(eq(people.id, survivor));
    const history = await (await coordinator.get(`/people/${survivor}/history`)).text();
    const undo = history.match(/action="(\/merges\/\d+\/undo)"/)?.[1] as string;
    const response = await coordinator.post(undo, {});
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Tural Sultanov was changed after it");
    expect((await stored(other))?.mergedIntoId).toBe(survivor);
  });

  it("does not let a merged-away record be restored by hand: only undoing the merge brings it back", async () => {
    const survivor = await person("Röya Novruzova");
    const other = await person("Роя Новрузова");
    await coordinator.post(`/people/${survivor}/merge`, {
      with: String(other),
      survivorVersion: "1",
      otherVersion: "1",
    });
    const page = await (await coordinator.get(`/people/${other}`)).text();
    expect(page).toContain("This record was merged into:");
    expect(page).not.toContain(`action="/people/${other}/restore"`);
    const response = await coordinator.post(`/people/${other}/restore`, {});
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("undo the merge from the history");
    expect(await stored(other)).toMatchObject({ mergedIntoId: survivor });
    expect((await stored(other))?.archivedAt).not.toBeNull();
  });

  it("keeps a merged-away record read-only: editing it or adding an affiliation points to the survivor (409)", async () => {
    const survivor = await person("Xədicə Paşayeva");
    const other = await person("Хадиджа Пашаева");
    await coordinator.post(`/people/${survivor}/merge`, {
      with: String(other),
      survivorVersion: "1",
      otherVersion: "1",
    });
    const page = await (await coordinator.get(`/people/${other}`)).text();
    expect(page).not.toContain(`href="/people/${other}/edit"`);
    const form = await coordinator.get(`/people/${other}/edit`);
    expect(form.status).toBe(409);
    expect(await form.text()).toContain(`href="/people/${survivor}"`);
    const saved = await coordinator.post(`/people/${other}`, {
      fullName: "Renamed",
      stakeholderType: "other",
      version: "2",
    });
    expect(saved.status).toBe(409);
    expect((await stored(other))?.fullName).toBe("Хадиджа Пашаева");
    const added = await coordinator.post(`/people/${other}/affiliations`, {
      organization: "Anything",
      kind: "staff",
    });
    expect(added.status).toBe(409);
  });

  it("is for coordinators and above, and answers bad ids with 404 and an incomplete form with 400", async () => {
    const survivor = await person("Fidan Cəfərova");
    const other = await person("Фидан Джафарова");
    expect((await staff.get(`/people/${survivor}/merge?with=${other}`)).status).toBe(403);
    const post = await staff.post(`/people/${survivor}/merge`, {
      with: String(other),
      survivorVersion: "1",
      otherVersion: "1",
    });
    expect(post.status).toBe(403);
    expect((await stored(other))?.mergedIntoId).toBeNull();
    expect((await coordinator.get(`/people/${survivor}/merge?with=${survivor}`)).status).toBe(404);
    expect((await coordinator.get(`/people/${survivor}/merge?with=abc`)).status).toBe(404);
    expect((await coordinator.get("/people/abc/merge")).status).toBe(404);
    expect((await coordinator.post("/merges/abc/undo", {})).status).toBe(404);
    expect((await coordinator.post("/merges/999999/undo", {})).status).toBe(404);
    const noVersions = await coordinator.post(`/people/${survivor}/merge`, { with: String(other) });
    expect(noVersions.status).toBe(400);
  });

  it("shows names with markup as text on the comparison", async () => {
    const survivor = await person("<script>alert(1)</script> Əli");
    const other = await person("Али <b>bold</b>");
    const page = await (await coordinator.get(`/people/${survivor}/merge?with=${other}`)).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Əli");
    expect(page).not.toContain("<b>bold</b>");
  });
});

describe("merging two organisations", () => {
  it("merges from the comparison and points the archived one at the survivor", async () => {
    const survivor = await organization("Society for Humanitarian Research");
    const other = await organization("Society of Humanitarian Research (SHR)");
    const response = await coordinator.post(`/organizations/${survivor}/merge`, {
      with: String(other),
      survivorVersion: "1",
      otherVersion: "1",
    });
    expect(response.status).toBe(303);
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, other));
    expect(row?.mergedIntoId).toBe(survivor);
    expect(row?.archivedAt).not.toBeNull();
    const page = await (await coordinator.get("/organizations?q=humanitarian")).text();
    const results = page.slice(page.indexOf('id="organizations-results"'));
    expect(results).toContain("Society for Humanitarian Research");
    expect(results).not.toContain("(SHR)");
  });
});
