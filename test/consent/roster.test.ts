/**
 * Consent on the roster: each row shows the person's answers for taking part and for photos, and the rows ticked get
 * one purpose's answer at once (in one transaction, each person's change audited on the person). Rows of another
 * activity are not the form's to change; nothing ticked, or a day in the future, is refused with the rows kept ticked.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, consents } from "../../src/db/schema";
import { createTranslator } from "../../src/i18n";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertParticipation } from "../helpers/records";
import { roster, rosterFixtures } from "../participants/fixtures";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
});
afterAll(async () => {
  await t?.close();
});

const { person, activity, rowIdOf } = rosterFixtures(() => t.db, "Consent Seminar", "2024-06-01");

/** A roster row's cells as text (tags removed), by its participation id. */
function rowText(html: string, rowId: number): string {
  const start = html.indexOf(`<tr id="participant-${rowId}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html
    .slice(start, html.indexOf("</tr>", start))
    .replace(/<option[^>]*>[^<]*<\/option>/g, "")
    .replace(/<[^>]+>/g, "|")
    .replace(/\|+/g, "|");
}

const answers = async (personIds: number[], purpose: "participation" | "photos") =>
  (
    await t.db
      .select({
        personId: consents.personId,
        status: consents.status,
        givenOn: consents.givenOn,
        method: consents.method,
      })
      .from(consents)
      .where(and(inArray(consents.personId, personIds), eq(consents.purpose, purpose)))
      .orderBy(consents.personId)
  ).map(({ personId, ...answer }) => ({ personId, ...answer }));

describe("the roster", () => {
  it("shows each participant's consent to take part and to photos, and a box to tick them by name", async () => {
    const id = await activity();
    const kamran = await person("Kamran Rzayev");
    const sevda = await person("Sevda Ismayilova");
    await insertParticipation(t.db, { activityId: id, personId: kamran, status: "registered" });
    await insertParticipation(t.db, { activityId: id, personId: sevda, status: "registered" });
    await t.db.insert(consents).values([
      { personId: kamran, purpose: "participation", status: "given", givenOn: "2024-05-01" },
      { personId: kamran, purpose: "photos", status: "refused", givenOn: "2024-05-01" },
    ]);
    const html = await (await staff.get(roster(id))).text();
    expect(html).toContain('<th scope="col">Consent: participation</th><th scope="col">Consent: photos</th>');
    expect(rowText(html, await rowIdOf(id, kamran))).toContain("|Given|Refused|");
    expect(rowText(html, await rowIdOf(id, sevda))).toContain("|–|Not recorded|–|Not recorded|");
    expect(html).toContain(`aria-label="Choose Kamran Rzayev"`);
    expect(html).toContain("Record consent for the ticked people");
  });
});

describe("consent for the ticked rows", () => {
  it("records one purpose's answer, how and when for the people ticked, audited on each person", async () => {
    const id = await activity();
    const other = await activity();
    // One after the other: their ids in this order.
    const leyla = await person("Leyla Mammadli");
    const rauf = await person("Rauf Guliyev");
    const nail = await person("Nail Babayev");
    const outsider = await person("Orxan Outsider");
    for (const personId of [leyla, rauf, nail])
      await insertParticipation(t.db, { activityId: id, personId, status: "attended" });
    await insertParticipation(t.db, { activityId: other, personId: outsider, status: "attended" });
    // Rauf had refused before; Nail is not ticked.
    await t.db.insert(consents).values({
      personId: rauf,
      purpose: "photos",
      status: "refused",
      givenOn: "2023-01-01",
      note: "Asked at the door",
    });

    const ticked = [await rowIdOf(id, leyla), await rowIdOf(id, rauf)];
    // A row of another activity slipped into the form is not this roster's to change.
    const foreign = await rowIdOf(other, outsider);
    const response = await staff.post(`${roster(id)}/consent`, {
      participationIds: [...ticked, foreign].join(","),
      consentPurpose: "photos",
      consentStatus: "given",
      consentMethod: "verbal",
      consentGivenOn: "2024-06-01",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(roster(id));
    const page = await (await staff.get(roster(id))).text();
    expect(page).toContain("Consent for Photos recorded for 2 people.");
    expect(rowText(page, ticked[1] as number)).toContain("|Given|");

    expect(await answers([leyla, rauf, nail, outsider], "photos")).toEqual([
      { personId: leyla, status: "given", givenOn: "2024-06-01", method: "verbal" },
      { personId: rauf, status: "given", givenOn: "2024-06-01", method: "verbal" },
    ]);
    const [kept] = await t.db.select().from(consents).where(eq(consents.personId, rauf));
    expect(kept).toMatchObject({ note: "Asked at the door", version: 2 });
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "consent.set"),
          inArray(auditEvents.entityId, [leyla, rauf, nail, outsider]),
        ),
      );
    expect(audits.map((audit) => audit.entityId).sort()).toEqual([leyla, rauf].sort());
    const raufAudit = audits.find((audit) => audit.entityId === rauf);
    expect(raufAudit?.before).toEqual({
      consentPhotos: { status: "refused", givenOn: "2023-01-01", method: null, note: "Asked at the door" },
    });
    expect(raufAudit?.after).toEqual({
      consentPhotos: { status: "given", givenOn: "2024-06-01", method: "verbal", note: "Asked at the door" },
    });

    // The same answer again changes nothing, and says so.
    const again = await staff.post(`${roster(id)}/consent`, {
      participationIds: ticked.join(","),
      consentPurpose: "photos",
      consentStatus: "given",
      consentMethod: "verbal",
      consentGivenOn: "2024-06-01",
    });
    expect(again.status).toBe(303);
    expect(await (await staff.get(roster(id))).text()).toContain(
      "Nothing changed: the ticked people already had that answer for Photos.",
    );
  });

  it("refuses nothing ticked and a day in the future (422), keeping the rows ticked, and writes nothing", async () => {
    const id = await activity();
    const zeynab = await person("Zeynab Hasanli");
    await insertParticipation(t.db, { activityId: id, personId: zeynab, status: "registered" });
    const rowId = await rowIdOf(id, zeynab);

    const none = await staff.post(`${roster(id)}/consent`, {
      consentPurpose: "participation",
      consentStatus: "given",
    });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Tick at least one person in the list first.");

    const nextYear = `${new Date().getFullYear() + 1}-03-01`;
    const future = await staff.post(`${roster(id)}/consent`, {
      participationIds: String(rowId),
      consentPurpose: "participation",
      consentStatus: "given",
      consentMethod: "written",
      consentGivenOn: nextYear,
    });
    expect(future.status).toBe(422);
    const html = await future.text();
    expect(html).toContain("The date cannot be in the future.");
    expect(html).toMatch(new RegExp(`id="tick-${rowId}"[^>]*checked`));
    expect(html).toContain(`value="${nextYear}"`);

    const unknown = await staff.post(`${roster(id)}/consent`, {
      participationIds: String(rowId),
      consentPurpose: "dreams",
      consentStatus: "maybe",
    });
    expect(unknown.status).toBe(422);
    expect(await answers([zeynab], "participation")).toEqual([]);
    // The day defaults to today where the programme is.
    const today = await staff.post(`${roster(id)}/consent`, {
      participationIds: String(rowId),
      consentPurpose: "participation",
      consentStatus: "withdrawn",
      consentMethod: "",
    });
    expect(today.status).toBe(303);
    expect(await answers([zeynab], "participation")).toEqual([
      {
        personId: zeynab,
        status: "withdrawn",
        givenOn: createTranslator("en", t.config.timeZone).today(),
        method: null,
      },
    ]);
  });
});
