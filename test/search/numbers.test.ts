/** A number (a phone, an id) finds the records that hold it, never other people's numbers that look alike. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../src/db/schema";
import { personSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  const person = (fullName: string, phone: string) => ({
    fullName,
    phone,
    ...personSearchColumns({ fullName, otherNames: [], phone }),
  });
  await t.db
    .insert(people)
    .values([person("Person 12345", "+994 50 555 12 12"), person("Vaqif Vəliyev", "+994 12 345 67 89")]);
});
afterAll(async () => {
  await t?.close();
});

describe("searching for a number", () => {
  it("lists whoever holds those digits, and no one for a number only close to theirs", async () => {
    const found = await (await staff.get("/people?q=12345")).text();
    expect(found).toContain("Person 12345");
    const phone = await (await staff.get("/people?q=345%2067")).text();
    expect(phone).toContain("Vaqif Vəliyev");
    expect(phone).not.toContain("Person 12345");
    const close = await (await staff.get("/people?q=12346")).text();
    expect(close).not.toContain("Person 12345");
    expect(close).toContain("No people match.");
  });

  it("still finds a name by a close spelling", async () => {
    const html = await (await staff.get("/people?q=Vaqif%20Valiev")).text();
    expect(html).toContain("Vaqif Vəliyev");
  });
});
