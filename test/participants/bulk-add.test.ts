/** Adding many people to a roster: a pasted list, a tag or an organisation, reviewed first, then confirmed; and someone new. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliations, auditEvents, people } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertAffiliation, insertOrganization, insertParticipation, sectionOf } from "../helpers/records";
import { roster, rosterFixtures } from "./fixtures";

let t: TestApp;
let coordinator: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: coordinator } = await t.loginAs("coordinator"));
});
afterAll(async () => {
  await t?.close();
});

const { person, activity, rowsOf, rowOf } = rosterFixtures(() => t.db, "Bulk activity", "2024-09-02");

/** From the first `from` to the next `to`: one group of the review page. */
function between(html: string, from: string, to: string): string {
  const start = html.indexOf(from);
  if (start < 0) throw new Error(`no "${from}" on the page`);
  return html.slice(start, html.indexOf(to, start));
}

/** The people ticked to be added (checkbox `personIds`), in page order. */
const ticked = (html: string) =>
  [...html.matchAll(/<input type="checkbox" name="personIds" value="(\d+)" checked/g)].map(([, id]) =>
    Number(id),
  );

/** The people offered as a choice for one line (radio `choice-N`), and whether "None of these" is chosen. */
function choicesFor(html: string, index: number) {
  const radios = [
    ...html.matchAll(new RegExp(`<input type="radio" name="choice-${index}" value="(\\d*)"( checked)?`, "g")),
  ];
  return {
    ids: radios.flatMap(([, id]) => (id ? [Number(id)] : [])),
    noneChecked: radios.some(([, id, checked]) => id === "" && checked !== undefined),
    anyPersonChecked: radios.some(([, id, checked]) => id !== "" && checked !== undefined),
  };
}

/** The error shown under a form field. */
const fieldError = (html: string, name: string) =>
  new RegExp(`<p class="error" id="field-${name}-error">([^<]*)</p>`).exec(html)?.[1];

describe("reviewing a pasted list", () => {
  let id: number;
  const ids: Record<string, number> = {};
  let review = "";
  let peopleBefore = 0;
  beforeAll(async () => {
    id = await activity();
    const youth = await insertOrganization(t.db, "Youth Initiative Centre");
    const justice = await insertOrganization(t.db, "Ministry of Justice");
    ids.kamran = await person("Kamran Babayev", { email: "kamran.babayev@example.org" });
    ids.sabina = await person("Sabina Orujova", { email: "sabina@example.org" });
    ids.raufNgo = await person("Rauf Mammadov", { email: "rauf.m@youth.example.az" });
    ids.raufGov = await person("Rauf Mammadov", { email: "rauf@justice.example.az" });
    await insertAffiliation(t.db, { personId: ids.raufNgo, organizationId: youth, isPrimary: true });
    await insertAffiliation(t.db, { personId: ids.raufGov, organizationId: justice, isPrimary: true });
    ids.rashad = await person("Rəşad Əliyev");
    ids.tural = await person("Tural Ahmadov");
    await insertParticipation(t.db, { activityId: id, personId: ids.tural, role: "speaker" });
    peopleBefore = await t.db.$count(people);

    const list = [
      "KAMRAN.Babayev@Example.ORG",
      "",
      "Sabina Orujova; Rauf Mammadov",
      "Рашад Алиев",
      "   ",
      "Totally Unknown Person;nobody@nowhere.example",
      "Tural Ahmadov",
      "",
    ].join("\r\n");
    const response = await coordinator.post(`${roster(id)}/review`, { list });
    expect(response.status).toBe(200);
    review = await response.text();
  });

  it("ticks the people found by email (any case) or by their exact name", () => {
    expect(ticked(review).sort()).toEqual([ids.kamran, ids.sabina].sort());
    expect(between(review, "Found (", "</fieldset>")).toContain("Found (2)");
  });

  it("asks to choose between namesakes, showing what tells them apart, with None of these chosen", () => {
    // Lines after the blank ones are dropped and `;` split: 0 email, 1 Sabina, 2 Rauf, 3 Рашад, 4 unknown, 5 email, 6 Tural.
    const rauf = choicesFor(review, 2);
    expect(rauf.ids.sort()).toEqual([ids.raufNgo, ids.raufGov].sort());
    expect(rauf.noneChecked).toBe(true);
    expect(rauf.anyPersonChecked).toBe(false);
    const choose = sectionOf(review, "choose-title");
    expect(choose).toContain("Who is “Rauf Mammadov”?");
    expect(choose).toContain("Youth Initiative Centre · rauf.m@youth.example.az");
    expect(choose).toContain("Ministry of Justice · rauf@justice.example.az");
  });

  it("offers a spelling in another script as a choice, never as found", () => {
    const rashad = choicesFor(review, 3);
    expect(rashad.ids).toContain(ids.rashad);
    expect(rashad.noneChecked).toBe(true);
    expect(rashad.anyPersonChecked).toBe(false);
    expect(ticked(review)).not.toContain(ids.rashad);
    expect(sectionOf(review, "choose-title")).toContain("Who is “Рашад Алиев”?");
  });

  it("offers an unknown name as a new person, unticked, and says an unknown email found no one", () => {
    const unknown = between(review, "Not in the directory (", "</fieldset>");
    expect(unknown).toContain("Not in the directory (2)");
    expect(unknown).toMatch(/<input type="checkbox" name="new-4" value="Totally Unknown Person"\/?>/);
    expect(unknown).toContain("Add “Totally Unknown Person” to the directory as a new person");
    expect(unknown).toContain('nobody@nowhere.example: <span class="muted">no one has this email');
    expect(unknown).not.toContain('name="new-5"');
  });

  it("lists someone already on the roster as such, with a link to their row", async () => {
    const row = await rowOf(id, ids.tural as number);
    const already = sectionOf(review, "already-title");
    expect(already).toContain("Already on the roster (1)");
    expect(already).toContain(`<a href="${roster(id)}#participant-${row?.id}">Tural Ahmadov</a>`);
    expect(ticked(review)).not.toContain(ids.tural);
  });

  it("adds no one and creates no one: the review writes nothing", async () => {
    expect(await rowsOf(id)).toHaveLength(1);
    expect(await t.db.$count(people)).toBe(peopleBefore);
    expect(
      await t.db.$count(
        auditEvents,
        and(eq(auditEvents.entityType, "activity"), eq(auditEvents.entityId, id)),
      ),
    ).toBe(0);
  });

  it("adds, on confirming, the ticked, the chosen and the new, with the role and status chosen", async () => {
    const response = await coordinator.post(`${roster(id)}/bulk`, {
      personIds: [ids.kamran, ids.sabina, ids.tural].join(","),
      "choice-2": String(ids.raufNgo),
      "choice-3": "",
      "new-4": "Totally Unknown Person",
      role: "observer",
      status: "invited",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(roster(id));
    const [created] = await t.db.select().from(people).where(eq(people.fullName, "Totally Unknown Person"));
    expect(created).toBeDefined();
    const rows = await rowsOf(id);
    expect(rows.map((row) => row.personId).sort()).toEqual(
      [ids.kamran, ids.sabina, ids.raufNgo, ids.tural, created?.id].sort(),
    );
    for (const personId of [ids.kamran, ids.sabina, ids.raufNgo, created?.id]) {
      expect(await rowOf(id, personId as number)).toMatchObject({ role: "observer", status: "invited" });
    }
    // The one already there keeps their row as it was.
    expect(await rowOf(id, ids.tural as number)).toMatchObject({ role: "speaker", status: "registered" });
    expect(await rowOf(id, ids.raufGov as number)).toBeUndefined();
    expect(await rowOf(id, ids.rashad as number)).toBeUndefined();

    const html = await (await coordinator.get(roster(id))).text();
    expect(html).toContain("4 people added to the roster (1 of them new to the directory; 1 already on it).");
    expect(html).toContain("Totally Unknown Person");
    // The new person is in the directory, found by the search like anyone else.
    expect((await coordinator.get(`/people/${created?.id}`)).status).toBe(200);
    const found = await (await coordinator.get(`${roster(id)}/find?find=Totally%20Unknown`)).text();
    expect(found).toContain(`<a href="/people/${created?.id}">Totally Unknown Person</a>`);

    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "participants.add"), eq(auditEvents.entityId, id)));
    expect(((audit?.after as { personIds?: number[] } | undefined)?.personIds ?? []).sort()).toEqual(
      [ids.kamran, ids.sabina, ids.raufNgo, created?.id].sort(),
    );
  });

  it("adds no one twice when the same list is confirmed again", async () => {
    const response = await coordinator.post(`${roster(id)}/bulk`, {
      personIds: [ids.kamran, ids.sabina].join(","),
      "choice-2": String(ids.raufNgo),
    });
    expect(response.status).toBe(303);
    expect(await rowsOf(id)).toHaveLength(5);
    expect(await (await coordinator.get(roster(id))).text()).toContain(
      "No one added (3 already on the roster).",
    );
  });
});

describe("reviewing everyone with a tag or at an organisation", () => {
  it("lists exactly the people with the tag, not archived ones; those on the roster as already there", async () => {
    const id = await activity();
    const tag = "forum-2024";
    const one = await person("Tagged One", { tags: [tag, "donor"] });
    const two = await person("Tagged Two", { tags: [tag] });
    const onRoster = await person("Tagged On Roster", { tags: [tag] });
    await person("Tagged Archived", { tags: [tag], archivedAt: new Date() });
    await person("Other Tag", { tags: ["forum-2023"] });
    await insertParticipation(t.db, { activityId: id, personId: onRoster });
    const response = await coordinator.post(`${roster(id)}/review`, { tag });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(ticked(html).sort()).toEqual([one, two].sort());
    expect(sectionOf(html, "already-title")).toContain("Tagged On Roster");
    expect(html).not.toContain("Tagged Archived");
    expect(html).not.toContain("Other Tag");
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it("lists exactly the people currently at the organisation (not ended affiliations, not archived people)", async () => {
    const id = await activity();
    const org = await insertOrganization(t.db, "Women's Rights Network");
    const current = await person("Current Member");
    const secondary = await person("Secondary Member");
    const former = await person("Former Member");
    const archived = await person("Archived Member", { archivedAt: new Date() });
    await insertAffiliation(t.db, {
      personId: current,
      organizationId: org,
      isPrimary: true,
      startDate: "2021-01-01",
    });
    await insertAffiliation(t.db, { personId: secondary, organizationId: org, isPrimary: false });
    await insertAffiliation(t.db, {
      personId: former,
      organizationId: org,
      startDate: "2015-01-01",
      endDate: "2020-12-31",
    });
    await insertAffiliation(t.db, { personId: archived, organizationId: org });
    const response = await coordinator.post(`${roster(id)}/review`, {
      fromOrganization: "women's rights network",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(ticked(html).sort()).toEqual([current, secondary].sort());
    expect(html).not.toContain("Former Member");
    expect(html).not.toContain("Archived Member");
    expect(await rowsOf(id)).toHaveLength(0);
  });

  it("counts an affiliation that ends in the future as current, as the rest of the directory does", async () => {
    const id = await activity();
    const org = await insertOrganization(t.db, "Fixed Term Contracts Agency");
    const contracted = await person("Contract Until 2099");
    await insertAffiliation(t.db, {
      personId: contracted,
      organizationId: org,
      isPrimary: true,
      startDate: "2023-01-01",
      endDate: "2099-12-31",
    });
    const html = await (
      await coordinator.post(`${roster(id)}/review`, { fromOrganization: "Fixed Term Contracts Agency" })
    ).text();
    expect(ticked(html)).toEqual([contracted]);
  });

  it("refuses an unknown organisation, a blank tag, and more than 500 lines (422)", async () => {
    const id = await activity();
    const someone = await person("Never Added By Refusals");

    const unknown = await coordinator.post(`${roster(id)}/review`, { fromOrganization: "No Such Network" });
    expect(unknown.status).toBe(422);
    expect(fieldError(await unknown.text(), "fromOrganization")).toBe(
      "No organisation has exactly this name; pick one from the suggestions, or add it first.",
    );

    const blank = await coordinator.post(`${roster(id)}/review`, { tag: " " });
    expect(blank.status).toBe(422);
    expect(fieldError(await blank.text(), "tag")).toBe("Please fill this in.");

    const lines = Array.from({ length: 501 }, (_, index) => `Person Number ${index}`).join("\n");
    const tooMany = await coordinator.post(`${roster(id)}/review`, {
      list: `Never Added By Refusals\n${lines}`,
    });
    expect(tooMany.status).toBe(422);
    const tooManyHtml = await tooMany.text();
    expect(fieldError(tooManyHtml, "list")).toBe("That is more than 500 lines; add them in smaller parts.");
    // The pasted text comes back to be shortened, not lost.
    expect(tooManyHtml).toContain("Person Number 500");

    const fiveHundred = Array.from({ length: 500 }, (_, index) => `Person Number ${index}`).join("\n");
    expect((await coordinator.post(`${roster(id)}/review`, { list: fiveHundred })).status).toBe(200);

    expect(await rowsOf(id)).toHaveLength(0);
    expect(await rowOf(id, someone)).toBeUndefined();
  });

  it("refuses an empty list with the field's error, nothing added", async () => {
    const id = await activity();
    for (const list of ["", "  \n\n ; ;\r\n"]) {
      const response = await coordinator.post(`${roster(id)}/review`, { list });
      expect(response.status, JSON.stringify(list)).toBe(422);
      const html = await response.text();
      expect(fieldError(html, "list")).toBe("Please fill this in.");
      expect(html).toContain("Participants of Bulk activity");
    }
    expect(await rowsOf(id)).toHaveLength(0);
  });
});

describe("adding someone not in the directory", () => {
  it("creates the person with their organisation as main affiliation, and their row with that snapshot", async () => {
    const id = await activity();
    const org = await insertOrganization(t.db, "Regional Development Fund");
    const response = await coordinator.post(`${roster(id)}/new-person`, {
      fullName: "Newcomer Person",
      email: "newcomer@example.org",
      organization: "regional development fund",
      stakeholderType: "expert",
      role: "speaker",
      status: "registered",
    });
    expect(response.status).toBe(303);
    const [created] = await t.db.select().from(people).where(eq(people.fullName, "Newcomer Person"));
    expect(created).toMatchObject({ email: "newcomer@example.org", stakeholderType: "expert" });
    const [affiliation] = await t.db
      .select()
      .from(affiliations)
      .where(eq(affiliations.personId, created?.id as number));
    expect(affiliation).toMatchObject({ organizationId: org, isPrimary: true, endDate: null });
    expect(await rowOf(id, created?.id as number)).toMatchObject({
      role: "speaker",
      status: "registered",
      organizationId: org,
      organizationName: "Regional Development Fund",
      stakeholderType: "expert",
    });
    expect(await (await coordinator.get(roster(id))).text()).toContain(
      "Newcomer Person added to the directory and the roster.",
    );
  });

  it("refuses an email someone has (any case) and an unknown organisation (422, nothing created)", async () => {
    const id = await activity();
    await person("Has The Email", { email: "taken@example.org" });
    const peopleBefore = await t.db.$count(people);
    const fields = {
      fullName: "Would Be Duplicate",
      email: "TAKEN@example.org",
      organization: "",
      stakeholderType: "other",
      role: "participant",
      status: "registered",
    };
    const taken = await coordinator.post(`${roster(id)}/new-person`, fields);
    expect(taken.status).toBe(422);
    expect(fieldError(await taken.text(), "email")).toContain(
      "Someone in the directory already has this email",
    );
    const unknownOrg = await coordinator.post(`${roster(id)}/new-person`, {
      ...fields,
      email: "fresh@example.org",
      organization: "Nonexistent Foundation",
    });
    expect(unknownOrg.status).toBe(422);
    expect(await t.db.$count(people)).toBe(peopleBefore);
    expect(await rowsOf(id)).toHaveLength(0);
  });
});

describe("pasted lists as people really paste them", () => {
  it("finds a name starting with İ exactly (PostgreSQL and JavaScript lower-case it differently)", async () => {
    const id = await activity();
    const ilham = await person("İlham Əliyev");
    const html = await (await coordinator.post(`${roster(id)}/review`, { list: "İlham Əliyev" })).text();
    expect(ticked(html)).toEqual([ilham]);
  });

  it("asks once about a line pasted twice, and a second confirmation creates no one twice", async () => {
    const id = await activity();
    const html = await (
      await coordinator.post(`${roster(id)}/review`, {
        list: "Zebulon Qwertyuiop\nzebulon qwertyuiop\nZebulon Qwertyuiop",
      })
    ).text();
    expect([...html.matchAll(/name="new-\d+"/g)]).toHaveLength(1);
    const confirm = { "new-0": "Zebulon Qwertyuiop", role: "participant", status: "registered" };
    expect((await coordinator.post(`${roster(id)}/bulk`, confirm)).status).toBe(303);
    expect((await coordinator.post(`${roster(id)}/bulk`, confirm)).status).toBe(303);
    const created = await t.db.select().from(people).where(eq(people.fullName, "Zebulon Qwertyuiop"));
    expect(created).toHaveLength(1);
    expect(await rowsOf(id)).toHaveLength(1);
    const page = await (await coordinator.get(roster(id))).text();
    expect(page).toContain("No one added (1 already on the roster).");
  });

  it("refuses a confirmation with more people than a review can offer (400), adding no one", async () => {
    const id = await activity();
    const someone = await person("Not Added By Flood");
    const ids = [someone, ...Array.from({ length: 2_000 }, (_, i) => 1_000_000 + i)].join(",");
    const response = await coordinator.post(`${roster(id)}/bulk`, { personIds: ids });
    expect(response.status).toBe(400);
    expect(await rowsOf(id)).toHaveLength(0);
    const names = Object.fromEntries(
      Array.from({ length: 501 }, (_, i) => [`new-${i}`, `Flood Person ${i}`]),
    );
    expect((await coordinator.post(`${roster(id)}/bulk`, names)).status).toBe(400);
    expect(await t.db.$count(people, eq(people.fullName, "Flood Person 1"))).toBe(0);
  });
});
