/**
 * Lists downloaded as people open them: CSV with the separator Excel expects in the user's language (or the one
 * chosen), or an Excel workbook whose text cells stay text. Managers only, every download audit-logged.
 */
import { read, utils } from "@e965/xlsx";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, interactionPeople, interactions, people } from "../../src/db/schema";
import { personSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let manager: Client;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: manager } = await t.loginAs("manager"));
  ({ client: staff } = await t.loginAs("staff"));
  const fullName = "Aysel Quliyeva";
  const [person] = await t.db
    .insert(people)
    .values({
      fullName,
      phone: "+994 50 123 45 67",
      birthYear: 1990,
      ...personSearchColumns({ fullName, otherNames: [], phone: "+994 50 123 45 67" }),
    })
    .returning({ id: people.id });
  const [contact] = await t.db
    .insert(interactions)
    .values({
      occurredAt: new Date("2026-05-14T10:00:00Z"),
      kind: "meeting",
      subject: "Seminar follow-up; next steps",
    })
    .returning({ id: interactions.id });
  await t.db.insert(interactionPeople).values({ interactionId: contact?.id ?? 0, personId: person?.id ?? 0 });
});
afterAll(async () => {
  await t?.close();
});

const textOf = async (response: Response) => new TextDecoder().decode(await response.arrayBuffer());

describe("downloading a list", () => {
  it("as an Excel workbook: the header, and a phone kept as text with its +", async () => {
    expect((await staff.get("/people?format=xlsx")).status).toBe(403);
    const response = await manager.get("/people?format=xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(response.headers.get("content-disposition")).toMatch(/filename="[^"]*\.xlsx"/);
    const book = read(new Uint8Array(await response.arrayBuffer()), { type: "array" });
    const sheet = book.Sheets[book.SheetNames[0] ?? ""];
    if (!sheet) throw new Error("no sheet");
    const rows = utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
    const header = rows[0] as string[];
    const row = rows.find((cells) => cells.includes("Aysel Quliyeva")) as unknown[];
    expect(row[header.indexOf("Phone")]).toBe("+994 50 123 45 67");
    const [audited] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "export.xlsx"));
    expect(audited?.entityType).toBe("person");
  });

  it("as CSV, with the separator of the user's language unless another is chosen", async () => {
    const english = await textOf(await manager.get("/people?format=csv"));
    expect(english.split("\r\n")[0]).toContain(",");
    expect(english.split("\r\n")[0]).not.toContain(";");

    const { client: russian } = await t.loginAs("manager");
    expect((await russian.post("/locale", { locale: "ru" })).status).toBeLessThan(400);
    const page = await (await russian.get("/people")).text();
    expect(page).toMatch(/<option value="semicolon" selected="">/);
    const semicolons = await textOf(await russian.get("/people?format=csv"));
    expect(semicolons.split("\r\n")[0]).toContain(";");
    const commas = await textOf(await russian.get("/people?format=csv&delimiter=comma"));
    expect(commas.split("\r\n")[0]).not.toContain(";");
  });

  it("the contact log, filtered, with who took part", async () => {
    expect((await staff.get("/interactions?format=csv")).status).toBe(403);
    const page = await (await manager.get("/interactions")).text();
    expect(page).toContain("Download this list");
    expect(await (await staff.get("/interactions")).text()).not.toContain("Download this list");
    const file = await textOf(await manager.get("/interactions?kind=meeting&format=csv"));
    const [header, row] = file.split("\r\n");
    expect(header).toBe("When,Kind,Subject,People,Organisations,Logged by,Follow up by,Status");
    expect(row).toBe('"May 14, 2026, 10:00 AM",Meeting,Seminar follow-up; next steps,Aysel Quliyeva,,,,');
    const none = await textOf(await manager.get("/interactions?kind=call&format=csv"));
    expect(none.split("\r\n")).toHaveLength(1);
  });

  it("a report's table as a workbook too", async () => {
    const response = await manager.get("/reports/overview?range=last-12-months&format=xlsx&table=by-kind");
    expect(response.status).toBe(200);
    const book = read(new Uint8Array(await response.arrayBuffer()), { type: "array" });
    expect(book.SheetNames).toHaveLength(1);
  });
});
