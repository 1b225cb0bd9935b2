/** The tags typeahead on the person and organisation forms and the lists' tag filter: the tags in use completing the one being typed. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations, people } from "../../src/db/schema";
import { itemBeingTyped } from "../../src/directory/tags";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  await t.db.insert(people).values([
    { fullName: "Nigar Rzayeva", tags: ["youth", "refugees", "Young leaders"] },
    { fullName: "Tural Həsənov", tags: ["youth", "trainer"] },
    { fullName: "Lala Məmmədli", tags: ["Beyond youth"] },
  ]);
  await t.db.insert(organizations).values({ name: "Yevlax Youth House", tags: ["youth centre"] });
});
afterAll(async () => {
  await t?.close();
});

/** The options of the datalist the suggestion route answers, in order. */
async function suggested(query: string): Promise<string[]> {
  const response = await staff.get(`/tags/suggestions?${query}`, { "HX-Request": "true" });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toMatch(/^<datalist id="tags-suggestions">/);
  return [...html.matchAll(/<option value="([^"]*)"/g)].map((match) => match[1] ?? "");
}

describe("tag suggestions", () => {
  it("complete the last tag typed with the person tags in use, starting ones first, keeping the ones before", async () => {
    expect(await suggested("kind=person&tags=refugees%2C%20YO")).toEqual([
      "refugees, youth",
      "refugees, Young leaders",
      "refugees, Beyond youth",
    ]);
  });

  it("leave out the tags already in the field, and offer the organisation tags for an organisation", async () => {
    expect(await suggested("kind=person&tags=youth%3B%20you")).toEqual([
      "youth; Young leaders",
      "youth; Beyond youth",
    ]);
    expect(await suggested("kind=organization&tags=you")).toEqual(["youth centre"]);
  });

  it("offer nothing before a letter is typed, and refuse an unknown kind (400)", async () => {
    expect(await suggested("kind=person&tags=refugees%2C%20")).toEqual([]);
    expect((await staff.get("/tags/suggestions?kind=users&tags=a")).status).toBe(400);
  });

  it("are wired to the tags field of both forms, which stays a plain text field without JavaScript", async () => {
    for (const [path, kind] of [
      ["/people/new", "person"],
      ["/organizations/new", "organization"],
    ]) {
      const html = await (await staff.get(path ?? "")).text();
      const input = /<input id="field-tags"[^>]*>/.exec(html)?.[0] ?? "";
      expect(input).toContain('name="tags" type="text" list="tags-suggestions"');
      expect(input).toContain(`hx-get="/tags/suggestions?kind=${kind}"`);
      expect(input).toContain('hx-target="#tags-suggestions"');
      expect(html).toContain('<datalist id="tags-suggestions"></datalist>');
      expect(html).toContain('<label for="field-tags">Tags</label>');
    }
  });
});

describe("the lists' tag filter", () => {
  it("asks for the tags in use as it is typed, instead of listing every tag on the page", async () => {
    for (const [path, kind] of [
      ["/people", "person"],
      ["/organizations", "organization"],
    ]) {
      const html = await (await staff.get(path ?? "")).text();
      const input = /<input id="filter-tag"[^>]*>/.exec(html)?.[0] ?? "";
      expect(input).toContain(`hx-get="/tags/suggestions?kind=${kind}"`);
      expect(html).toContain('<datalist id="tags-suggestions"></datalist>');
    }
    // The filter's field is named `tag`: a single tag, completed whole.
    expect(await suggested("kind=person&tag=trai")).toEqual(["trainer"]);
  });
});

describe("the item being typed", () => {
  it("is what follows the last comma or semicolon, with the text before it kept as typed", () => {
    expect(itemBeingTyped("refugees,  yo")).toEqual({
      head: "refugees,  ",
      item: "yo",
      earlier: ["refugees"],
    });
    expect(itemBeingTyped("a; b,c")).toEqual({ head: "a; b,", item: "c", earlier: ["a", "b"] });
    expect(itemBeingTyped("  yo")).toEqual({ head: "  ", item: "yo", earlier: [] });
  });
});
