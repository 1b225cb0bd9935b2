/** The contact log page: newest first, and each filter in the URL narrows it; malformed filters are ignored, never an error. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toSearchText } from "../../src/text/search-text";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertContact, insertOrganization, insertPerson } from "../helpers/records";

let t: TestApp;
let staff: Client;
let staffUser: { id: number };
let otherUser: { id: number };
beforeAll(async () => {
  t = await createTestApp({ timeZone: "UTC" });
  ({ client: staff, user: staffUser } = await t.loginAs("staff"));
  otherUser = await t.createTestUser("staff", { name: "Other Logger" });
  const leyla = await insertPerson(t.db, { fullName: "Leyla Hasanova", email: "leyla@example.org" });
  // The directory's search column, as the person form would fill it, so the typeahead finds him.
  const tural = await insertPerson(t.db, {
    fullName: "Tural Bayramov",
    searchText: toSearchText(["Tural Bayramov"]),
  });
  const union = await insertOrganization(t.db, "Lankaran Women's Union");
  await insertContact(t.db, {
    subject: "January meeting with Leyla",
    kind: "meeting",
    occurredAt: new Date("2026-01-10T09:00:00Z"),
    people: [leyla],
    loggedBy: staffUser.id,
  });
  await insertContact(t.db, {
    subject: "February call with Tural",
    kind: "call",
    occurredAt: new Date("2026-02-15T09:00:00Z"),
    people: [tural],
    loggedBy: otherUser.id,
  });
  await insertContact(t.db, {
    subject: "March visit to the union",
    kind: "visit",
    occurredAt: new Date("2026-03-20T09:00:00Z"),
    organizations: [union],
    people: [leyla],
    loggedBy: staffUser.id,
  });
});
afterAll(async () => {
  await t?.close();
});

/** The subjects listed, in page order. */
async function subjects(query: string, headers: Record<string, string> = {}): Promise<string[]> {
  const response = await staff.get(`/interactions${query}`, headers);
  expect(response.status).toBe(200);
  const html = await response.text();
  return [...html.matchAll(/<th scope="row"><a href="\/interactions\/\d+">([^<]*)<\/a><\/th>/g)].map(
    ([, subject]) => subject ?? "",
  );
}

const all = ["March visit to the union", "February call with Tural", "January meeting with Leyla"];

describe("the contact log", () => {
  it("lists every contact, newest first", async () => {
    expect(await subjects("")).toEqual(all);
  });

  it("narrows by kind", async () => {
    expect(await subjects("?kind=call")).toEqual(["February call with Tural"]);
  });

  it("narrows by a person typed by name, by email, or by id", async () => {
    const byName = ["March visit to the union", "January meeting with Leyla"];
    expect(await subjects("?person=leyla+hasanova")).toEqual(byName);
    expect(await subjects("?person=LEYLA%40example.org")).toEqual(byName);
  });

  it("narrows by organisation and by who logged it", async () => {
    expect(await subjects(`?organization=${encodeURIComponent("Lankaran Women's Union")}`)).toEqual([
      "March visit to the union",
    ]);
    expect(await subjects(`?loggedBy=${otherUser.id}`)).toEqual(["February call with Tural"]);
  });

  it("narrows by a date range, both days included", async () => {
    expect(await subjects("?from=2026-02-01&to=2026-03-20")).toEqual([
      "March visit to the union",
      "February call with Tural",
    ]);
    expect(await subjects("?to=2026-02-14")).toEqual(["January meeting with Leyla"]);
  });

  it("ignores malformed filters and says when a name matched no one", async () => {
    expect(await subjects("?kind=party&from=yesterday&to=2026-02-31&loggedBy=abc&page=-3")).toEqual(all);
    const html = await (await staff.get("/interactions?person=Nobody+Known")).text();
    expect(html).toContain("No single record matches “Nobody Known”, so that filter is not applied.");
  });

  it("answers htmx with the results alone", async () => {
    const response = await staff.get("/interactions?kind=visit", { "HX-Request": "true" });
    const html = await response.text();
    expect(html.startsWith('<div id="interactions-results"')).toBe(true);
    expect(html).toContain("March visit to the union");
    expect(html).not.toContain("January meeting with Leyla");
  });

  it("suggests names for the last of several typed entries", async () => {
    const response = await staff.get("/interactions/suggestions/people?people=Leyla%20Hasanova%3B%20tur");
    expect(await response.text()).toContain('<option value="Leyla Hasanova; Tural Bayramov">');
  });
});
