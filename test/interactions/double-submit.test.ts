/** "Save contact" clicked twice: one contact, the second click sent where the first went; a refused form keeps its token. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formSubmissions, interactions } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { formTokenIn } from "../helpers/forms";
import { insertPerson } from "../helpers/records";

let t: TestApp;
let staff: Client;
let aysel: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  aysel = await insertPerson(t.db, { fullName: "Aysel Mammadova" });
});
afterAll(async () => {
  await t?.close();
});

const contactsCalled = (subject: string) => t.db.$count(interactions, eq(interactions.subject, subject));

/** The log-a-contact form as the browser got it, filled in. */
async function filledForm(subject: string, fields: Record<string, string> = {}) {
  const page = await staff.get(`/interactions/new?person=${aysel}&return=/people/${aysel}%23contacts`);
  return {
    formToken: formTokenIn(await page.text()),
    personIds: String(aysel),
    kind: "call",
    occurredAt: "2026-03-05T14:30",
    subject,
    return: `/people/${aysel}#contacts`,
    ...fields,
  };
}

describe("a double submit of the contact form", () => {
  it("logs the contact once and sends the second answer where the first went, saying it was already saved", async () => {
    const form = await filledForm("Double click");
    const first = await staff.post("/interactions", form);
    const second = await staff.post("/interactions", form);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await contactsCalled("Double click")).toBe(1);
    const page = await (await staff.get(second.headers.get("location") ?? "")).text();
    expect(page).toContain("This was already saved");
  });

  it("a new form (a new token) logs another contact", async () => {
    await staff.post("/interactions", await filledForm("Twice on purpose"));
    await staff.post("/interactions", await filledForm("Twice on purpose"));
    expect(await contactsCalled("Twice on purpose")).toBe(2);
  });

  it("the same token sent again with other values (a duplicated tab, a form restored by Back) logs them too", async () => {
    const form = await filledForm("First of two");
    expect((await staff.post("/interactions", form)).status).toBe(303);
    const other = await staff.post("/interactions", { ...form, subject: "Second of two" });
    expect(other.status).toBe(303);
    expect(await contactsCalled("First of two")).toBe(1);
    expect(await contactsCalled("Second of two")).toBe(1);
  });

  it("a crafted return address with a control character is not followed: the contact is saved, the answer a 303", async () => {
    const saved = await staff.post("/interactions", await filledForm("Odd return", { return: "/\u0000x" }));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).not.toContain("\u0000");
    expect(await contactsCalled("Odd return")).toBe(1);
  });

  it("a form posted without a token (an old tab, a script) still logs the contact, without protection", async () => {
    const { formToken: _none, ...form } = await filledForm("No token");
    expect((await staff.post("/interactions", form)).status).toBe(303);
    expect((await staff.post("/interactions", form)).status).toBe(303);
    expect(await contactsCalled("No token")).toBe(2);
  });

  it("a refused form keeps its token in the form, unused, and the corrected form saves once", async () => {
    const form = await filledForm("");
    const refused = await staff.post("/interactions", form);
    expect(refused.status).toBe(422);
    expect(formTokenIn(await refused.text())).toBe(form.formToken);
    expect(await t.db.$count(formSubmissions, eq(formSubmissions.token, form.formToken))).toBe(0);
    const corrected = { ...form, subject: "Corrected" };
    expect((await staff.post("/interactions", corrected)).status).toBe(303);
    expect((await staff.post("/interactions", corrected)).status).toBe(303);
    expect(await contactsCalled("Corrected")).toBe(1);
  });

  it("the same token from another user is theirs, not a repeat", async () => {
    const form = await filledForm("Two people, one token");
    const { client: other } = await t.loginAs("staff");
    expect((await staff.post("/interactions", form)).status).toBe(303);
    expect((await other.post("/interactions", form)).status).toBe(303);
    expect(await contactsCalled("Two people, one token")).toBe(2);
  });
});

// PGlite is one connection: two requests cannot be inside their transactions at the same time there.
describe.skipIf(!process.env.DATABASE_URL)("two concurrent submits on the real PostgreSQL", () => {
  it("create one contact: the second waits for the first and is sent where it went", async () => {
    const form = await filledForm("Concurrent clicks");
    const answers = await Promise.all([staff.post("/interactions", form), staff.post("/interactions", form)]);
    expect(answers.map((answer) => answer.status)).toEqual([303, 303]);
    expect(answers[0]?.headers.get("location")).toBe(answers[1]?.headers.get("location"));
    expect(await contactsCalled("Concurrent clicks")).toBe(1);
  });
});
