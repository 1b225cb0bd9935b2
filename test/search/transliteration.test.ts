/**
 * A name typed in another transliteration finds the person: Azerbaijani ə written as the Russian е, q as г
 * ("Вагиф Велиев" for "Vaqif Vəliyev"), in the directory, the roster's typeahead and the contact form's names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, people } from "../../src/db/schema";
import { personSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let coordinator: Client;
let activityId: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: coordinator } = await t.loginAs("coordinator"));
  const person = (fullName: string) => ({ fullName, ...personSearchColumns({ fullName, otherNames: [] }) });
  await t.db
    .insert(people)
    .values([
      person("Vaqif Vəliyev"),
      person("Aynur Vəliyeva"),
      person("Vasif Əliyev"),
      person("Tamar Beridze"),
    ]);
  const [activity] = await t.db
    .insert(activities)
    .values({ title: "Seminar", kind: "seminar", startDate: "2026-05-14" })
    .returning({ id: activities.id });
  activityId = activity?.id ?? 0;
});
afterAll(async () => {
  await t?.close();
});

const names = (html: string) =>
  ["Vaqif Vəliyev", "Aynur Vəliyeva", "Vasif Əliyev", "Tamar Beridze"].filter((name) => html.includes(name));

describe("a name in another transliteration", () => {
  it("finds the family name alone, and with the given name only that person", async () => {
    const family = await (await coordinator.get(`/people?q=${encodeURIComponent("Велиев")}`)).text();
    expect(names(family)).toEqual(["Vaqif Vəliyev", "Aynur Vəliyeva"]);
    const full = await (await coordinator.get(`/people?q=${encodeURIComponent("Вагиф Велиев")}`)).text();
    expect(names(full)).toEqual(["Vaqif Vəliyev"]);
  });

  it("finds the person in the roster's typeahead", async () => {
    const found = await coordinator.get(
      `/activities/${activityId}/participants/find?find=${encodeURIComponent("Вагиф Велиев")}`,
      { "hx-request": "true" },
    );
    expect(found.status).toBe(200);
    expect(names(await found.text())).toEqual(["Vaqif Vəliyev"]);
  });
});
