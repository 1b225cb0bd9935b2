/**
 * Consent per purpose on a person's page: the form sets the four purposes in one save (audited with the purposes it
 * changed), "Not recorded" clears one, a form opened before someone else's save cannot undo it unseen (409), and
 * refused input (a future day, an answer or method we do not know) changes nothing (422).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveConsents } from "../../src/consent/queries";
import type { ConsentFormInput } from "../../src/consent/validation";
import { auditEvents, consents } from "../../src/db/schema";
import { createTranslator } from "../../src/i18n";
import { mergeKinds } from "../../src/merge/kinds";
import { mergeRecords, undoMerge } from "../../src/merge/queries";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { connectAgain } from "../helpers/overlap";
import { insertPerson } from "../helpers/records";

let t: TestApp;
let staff: Client;
let coordinator: Client;
let staffName: string;
beforeAll(async () => {
  t = await createTestApp();
  const signedIn = await t.loginAs("staff");
  staff = signedIn.client;
  staffName = signedIn.user.name;
  ({ client: coordinator } = await t.loginAs("coordinator"));
});
afterAll(async () => {
  await t?.close();
});

const purposes = ["participation", "contact", "photos", "donor_sharing"] as const;
/** A day as the English pages show it. */
const day = (value: string) => createTranslator("en").date(value);

/** The consent form as a browser would send it back untouched: every hidden version, chosen option and text. */
async function openForm(client: Client, personId: number): Promise<Record<string, string>> {
  const response = await client.get(`/people/${personId}/consent`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const form: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    form[name ?? ""] = value ?? "";
  for (const [, name, body] of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    form[name ?? ""] = /<option value="([^"]*)" selected/.exec(body ?? "")?.[1] ?? "";
  }
  return form;
}

const stored = async (personId: number) =>
  t.db.select().from(consents).where(eq(consents.personId, personId)).orderBy(consents.purpose);

const consentAudits = async (personId: number) =>
  t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "consent.set"), eq(auditEvents.entityId, personId)))
    .orderBy(auditEvents.id);

/** The person page's consent section, one line of text per purpose. */
async function consentSection(client: Client, personId: number): Promise<string> {
  const html = await (await client.get(`/people/${personId}`)).text();
  const start = html.indexOf('id="consent"');
  expect(start).toBeGreaterThan(0);
  return html
    .slice(start, html.indexOf("</section>", start))
    .replace(/<\/tr>/g, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/[ \t]+/g, " ");
}

describe("the consent form", () => {
  it("records each purpose with its day, how and note, shows them on the person with who recorded them, and audits the change", async () => {
    const personId = await insertPerson(t.db, { fullName: "Nigar Mammadova" });
    expect(await consentSection(staff, personId)).toMatch(/Photos\s+Not recorded/);

    const form = await openForm(staff, personId);
    expect(form["photos-status"]).toBe("unknown");
    expect(form["photos-version"]).toBe("0");
    const saved = await staff.post(`/people/${personId}/consent`, {
      ...form,
      "participation-status": "given",
      "participation-givenOn": "2024-03-01",
      "participation-method": "written",
      "participation-note": "Signed at registration",
      "photos-status": "refused",
      "photos-givenOn": "2024-03-02",
      "photos-method": "verbal",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/people/${personId}#consent`);

    const rows = await stored(personId);
    expect(
      rows.map(({ purpose, status, givenOn, method, note }) => ({ purpose, status, givenOn, method, note })),
    ).toEqual([
      {
        purpose: "participation",
        status: "given",
        givenOn: "2024-03-01",
        method: "written",
        note: "Signed at registration",
      },
      { purpose: "photos", status: "refused", givenOn: "2024-03-02", method: "verbal", note: null },
    ]);
    const section = await consentSection(coordinator, personId);
    expect(section).toContain(
      `Participation Given ${day("2024-03-01")} Written Signed at registration ${staffName}, `,
    );
    expect(section).toContain(staffName);
    expect(section).toContain(`Photos Refused ${day("2024-03-02")} Verbal`);
    expect(section).toMatch(/Contact\s+Not recorded/);

    const [audit] = await consentAudits(personId);
    expect(audit?.entityType).toBe("person");
    expect(audit?.before).toEqual({ consentParticipation: null, consentPhotos: null });
    expect(audit?.after).toEqual({
      consentParticipation: {
        status: "given",
        givenOn: "2024-03-01",
        method: "written",
        note: "Signed at registration",
      },
      consentPhotos: { status: "refused", givenOn: "2024-03-02", method: "verbal", note: null },
    });

    // The history names the change in words.
    const history = await (await staff.get(`/people/${personId}/history`)).text();
    expect(history).toContain("Consent recorded");
    expect(history).toContain("Consent: photos");
    expect(history).toContain(`Refused · ${day("2024-03-02")} · verbal`);
  });

  it("clears a purpose set to Not recorded, audited with the answer it had; an answer without a day was given today", async () => {
    const personId = await insertPerson(t.db, { fullName: "Elvin Huseynov" });
    await t.db.insert(consents).values([
      { personId, purpose: "contact", status: "given", givenOn: "2023-01-10", method: "electronic" },
      { personId, purpose: "photos", status: "given", givenOn: "2023-01-10" },
    ]);
    const form = await openForm(coordinator, personId);
    expect(form["contact-status"]).toBe("given");
    expect(form["contact-version"]).toMatch(/^\d+\.1$/);
    const today = createTranslator("en", t.config.timeZone).today();
    const saved = await coordinator.post(`/people/${personId}/consent`, {
      ...form,
      "contact-status": "unknown",
      "photos-status": "withdrawn",
      "photos-givenOn": "",
      "photos-method": "other",
    });
    expect(saved.status).toBe(303);
    const rows = await stored(personId);
    expect(rows.map((row) => [row.purpose, row.status, row.version])).toEqual([["photos", "withdrawn", 2]]);
    expect(rows[0]?.givenOn).toBe(today);
    const [audit] = await consentAudits(personId);
    expect(audit?.before).toEqual({
      consentContact: { status: "given", givenOn: "2023-01-10", method: "electronic", note: null },
      consentPhotos: { status: "given", givenOn: "2023-01-10", method: null, note: null },
    });
    expect(audit?.after).toMatchObject({
      consentContact: null,
      consentPhotos: { status: "withdrawn", method: "other" },
    });
    expect(await consentSection(staff, personId)).toMatch(/Contact\s+Not recorded/);

    // Saving the same answers again changes nothing and records nothing.
    const again = await coordinator.post(
      `/people/${personId}/consent`,
      await openForm(coordinator, personId),
    );
    expect(again.status).toBe(303);
    expect(await consentAudits(personId)).toHaveLength(1);
  });
});

describe("two people editing one person's consent at once", () => {
  it("refuses the form opened before the other's save (409, the answers now shown), and takes it once seen", async () => {
    const personId = await insertPerson(t.db, { fullName: "Aysel Guliyeva" });
    const first = await openForm(staff, personId);
    const second = await openForm(coordinator, personId);

    const savedFirst = await staff.post(`/people/${personId}/consent`, {
      ...first,
      "photos-status": "given",
      "photos-givenOn": "2024-04-05",
      "photos-method": "written",
    });
    expect(savedFirst.status).toBe(303);

    // The second form still says photos were not recorded: saving it would remove the answer just given.
    const stale = await coordinator.post(`/people/${personId}/consent`, {
      ...second,
      "contact-status": "refused",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain(`Photos: now “Given · ${day("2024-04-05")} · written”`);
    expect((await stored(personId)).map((row) => [row.purpose, row.status])).toEqual([["photos", "given"]]);
    expect(await consentAudits(personId)).toHaveLength(1);
    // The refused form keeps what they typed, at the version now stored.
    expect(html).toMatch(/name="photos-version" value="\d+\.1"/);
    expect(html).toMatch(/<select[^>]*name="contact-status"[\s\S]*?<option value="refused" selected/);

    // A purpose the other did not touch goes through on a form that does not undo theirs.
    const meanwhile = await coordinator.post(`/people/${personId}/consent`, {
      ...second,
      "photos-status": "given",
      "photos-givenOn": "2024-04-05",
      "photos-method": "written",
      "contact-status": "refused",
      "contact-givenOn": "2024-04-06",
    });
    expect(meanwhile.status).toBe(303);
    expect((await stored(personId)).map((row) => [row.purpose, row.status, row.version])).toEqual([
      ["contact", "refused", 1],
      ["photos", "given", 1],
    ]);
  });
});

describe("an answer removed and given again while a form stays open", () => {
  it("refuses the old form: the new answer is another row, even at the same version", async () => {
    const personId = await insertPerson(t.db, { fullName: "Səbinə Kərimova" });
    await t.db
      .insert(consents)
      .values({ personId, purpose: "photos", status: "given", givenOn: "2024-01-01", method: "written" });
    const stale = await openForm(coordinator, personId);
    const removed = await coordinator.post(`/people/${personId}/consent`, {
      ...(await openForm(coordinator, personId)),
      "photos-status": "unknown",
    });
    expect(removed.status).toBe(303);
    const withdrawn = await coordinator.post(`/people/${personId}/consent`, {
      ...(await openForm(coordinator, personId)),
      "photos-status": "withdrawn",
      "photos-givenOn": "2024-02-01",
      "photos-method": "written",
    });
    expect(withdrawn.status).toBe(303);
    // The form opened first still says "given" at version 1, as the new row is: it must not pass for it.
    const response = await coordinator.post(`/people/${personId}/consent`, {
      ...stale,
      "photos-note": "Signed again",
    });
    expect(response.status).toBe(409);
    expect((await stored(personId)).map((row) => [row.purpose, row.status])).toEqual([
      ["photos", "withdrawn"],
    ]);
  });
});

// PGlite is one connection: its transactions never overlap. On PostgreSQL two saves really race for the person.
describe.skipIf(!process.env.DATABASE_URL)("two saves at the same moment (PostgreSQL)", () => {
  it("lets one in; the other, from the same versions, waits for it and is refused with its answer", async () => {
    const personId = await insertPerson(t.db, { fullName: "Ramil Ahmadov" });
    const other = connectAgain(t.url as string);
    const notRecorded = { status: "unknown", givenOn: null, method: null, note: null, version: "0" } as const;
    const form = (photos: "given" | "refused"): ConsentFormInput => ({
      participation: notRecorded,
      contact: notRecorded,
      donor_sharing: notRecorded,
      photos: { status: photos, givenOn: "2024-05-05", method: "written", note: null, version: "0" },
    });
    try {
      const [first, second] = await other.overlapTransactions(
        t.db,
        (tx) => saveConsents(tx, personId, form("given"), { userId: null }),
        (tx) => saveConsents(tx, personId, form("refused"), { userId: null }),
      );
      expect(first).toEqual({ saved: true, changed: ["photos"] });
      expect(second).toMatchObject({ saved: false, stale: ["photos"] });
      expect((await stored(personId)).map((row) => [row.purpose, row.status, row.version])).toEqual([
        ["photos", "given", 1],
      ]);
      expect(await consentAudits(personId)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe("merging two records of one person", () => {
  it("keeps one answer per purpose, the later one, moves the rest, and undoing the merge gives each back", async () => {
    const survivor = await insertPerson(t.db, { fullName: "Samira Huseynli" });
    const other = await insertPerson(t.db, { fullName: "Самира Гусейнли" });
    await t.db.insert(consents).values([
      { personId: survivor, purpose: "photos", status: "given", givenOn: "2022-01-01" },
      { personId: survivor, purpose: "contact", status: "given", givenOn: "2024-01-01" },
      { personId: other, purpose: "photos", status: "withdrawn", givenOn: "2023-06-01" },
      { personId: other, purpose: "contact", status: "refused", givenOn: "2021-01-01" },
      { personId: other, purpose: "donor_sharing", status: "refused", givenOn: "2021-01-01" },
    ]);
    const request = {
      survivorId: survivor,
      otherId: other,
      survivorVersion: 1,
      otherVersion: 1,
      choices: {},
    };
    const merged = await t.db.transaction((tx) =>
      mergeRecords(tx, mergeKinds.person, request, { userId: null }),
    );
    expect(merged.outcome).toBe("merged");
    const answersOf = async (personId: number) =>
      (await stored(personId)).map((row) => [row.purpose, row.status, row.givenOn]);
    expect(await answersOf(survivor)).toEqual([
      ["contact", "given", "2024-01-01"],
      ["donor_sharing", "refused", "2021-01-01"],
      ["photos", "withdrawn", "2023-06-01"],
    ]);
    expect(await answersOf(other)).toEqual([]);

    if (merged.outcome !== "merged") return;
    const undone = await t.db.transaction((tx) => undoMerge(tx, merged.mergeId, { userId: null }));
    expect(undone.outcome).toBe("undone");
    expect(await answersOf(survivor)).toEqual([
      ["contact", "given", "2024-01-01"],
      ["photos", "given", "2022-01-01"],
    ]);
    expect(await answersOf(other)).toEqual([
      ["contact", "refused", "2021-01-01"],
      ["donor_sharing", "refused", "2021-01-01"],
      ["photos", "withdrawn", "2023-06-01"],
    ]);
  });
});

describe("refused input", () => {
  it("answers 422 with a message beside each field and writes nothing", async () => {
    const personId = await insertPerson(t.db, { fullName: "Tural Aliyev" });
    const form = await openForm(staff, personId);
    const nextYear = `${new Date().getFullYear() + 1}-01-01`;
    const response = await staff.post(`/people/${personId}/consent`, {
      ...form,
      "participation-status": "given",
      "participation-givenOn": nextYear,
      "contact-status": "maybe",
      "photos-status": "given",
      "photos-method": "telepathy",
      "donor_sharing-status": "given",
      "donor_sharing-givenOn": "31.02.2024",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("The date cannot be in the future.");
    expect(html).toContain("Please choose one of the options.");
    expect(html).toContain("Please enter a date as YYYY-MM-DD.");
    expect(html).toContain(
      `id="field-participation-givenOn" name="participation-givenOn" type="date" value="${nextYear}"`,
    );
    expect(await stored(personId)).toEqual([]);
    expect(await consentAudits(personId)).toEqual([]);
  });

  it("answers 422 for a form without its versions, and 404 for a person who is not there", async () => {
    const personId = await insertPerson(t.db, { fullName: "Leyla Abbasova" });
    const fields = Object.fromEntries(purposes.map((purpose) => [`${purpose}-status`, "given"]));
    expect((await staff.post(`/people/${personId}/consent`, fields)).status).toBe(422);
    expect(await stored(personId)).toEqual([]);
    expect((await staff.get("/people/999999/consent")).status).toBe(404);
  });
});
