/**
 * The pseudonymised export for donors: one row per participation, people by pseudonym only (the same in every
 * download), no names, emails, phones or birth years; community and displacement only with consent to share with
 * donors; a community, country or age group of fewer than 5 people suppressed. Managers and above only, and logged.
 */
import { read, utils } from "@e965/xlsx";
import { and, eq } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLog, auditEvents, consents, people } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, insertOrganization, insertParticipation, insertPerson } from "../helpers/records";

let t: TestApp;
let manager: Client;
let managerUser: { id: number };
let coordinator: Client;

type Someone = { id: number; fullName: string; email: string; phone: string; birthYear: number };
const everyone: Someone[] = [];
const url = "/exports/pseudonymised.csv?range=custom&from=2024-01-01&to=2024-12-31&delimiter=comma";

/** Six Lezgi people and three Udi people who agreed to sharing with donors, and one Talysh person who did not. */
const group = [
  ...Array.from({ length: 6 }, (_, n) => ({
    community: "Lezgi",
    shares: true,
    country: "AZ",
    birthYear: 1990 + n,
  })),
  ...Array.from({ length: 3 }, (_, n) => ({
    community: "Udi",
    shares: true,
    country: "AZ",
    birthYear: 1980 + n,
  })),
  // The only one from Georgia, and the only one over 65.
  { community: "Talysh", shares: false, country: "GE", birthYear: 1950 },
];

beforeAll(async () => {
  t = await createTestApp();
  ({ client: manager, user: managerUser } = await t.loginAs("manager"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  const ngo = await insertOrganization(t.db, "Qusar Civic Forum");
  const training = await insertActivity(t.db, {
    title: "Training on public hearings",
    kind: "training",
    startDate: "2024-03-10",
    country: "AZ",
  });
  const roundtable = await insertActivity(t.db, {
    title: "Roundtable with MPs",
    kind: "roundtable",
    startDate: "2024-09-20",
    country: "AZ",
  });
  // Out of the range: not in the file.
  const earlier = await insertActivity(t.db, { title: "Earlier seminar", startDate: "2023-05-01" });
  for (const [n, person] of group.entries()) {
    const someone = {
      fullName: `Participant Number${n} Surname${n}`,
      email: `participant${n}@example.org`,
      phone: `+99450${String(1_000_000 + n)}`,
      birthYear: person.birthYear,
    };
    const id = await insertPerson(t.db, {
      ...someone,
      gender: n % 2 === 0 ? "female" : "male",
      country: person.country,
      city: "Qusar",
      community: person.community,
      displacementStatus: "idp",
      notes: `Private note ${n}`,
      stakeholderType: "activist",
    });
    everyone.push({ id, ...someone });
    if (person.shares)
      await t.db.insert(consents).values({ personId: id, purpose: "donor_sharing", status: "given" });
    await insertParticipation(t.db, {
      activityId: training,
      personId: id,
      status: "attended",
      organizationId: ngo,
      organizationName: "Qusar Civic Forum",
      stakeholderType: "ngo_representative",
    });
    if (n < 4)
      await insertParticipation(t.db, { activityId: roundtable, personId: id, status: "registered" });
    await insertParticipation(t.db, { activityId: earlier, personId: id, status: "attended" });
  }
});
afterAll(async () => {
  await t?.close();
});

async function download(client: Client = manager) {
  const response = await client.get(url);
  expect(response.status).toBe(200);
  const text = await response.text();
  const [header = [], ...rows] = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), {
    skipEmptyLines: true,
  }).data;
  const column = (name: string) => rows.map((row) => row[header.indexOf(name)] ?? "");
  return { response, text, header, rows, column };
}

describe("the pseudonymised export", () => {
  it("has one row per participation in the range, with nobody's name, email, phone, city or notes", async () => {
    const { response, text, rows, header } = await download();
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    expect(rows).toHaveLength(10 + 4);
    for (const person of everyone) {
      for (const value of [person.fullName, `Surname${everyone.indexOf(person)}`, person.email, person.phone])
        expect(text).not.toContain(value);
    }
    expect(text).not.toContain("Qusar");
    expect(text).not.toContain("Private note");
    expect(text).not.toContain("Training on public hearings");
    expect(header).not.toContain("Year of birth");
  });

  it("gives an age group, never a birth year", async () => {
    const { rows, column } = await download();
    const years = new Set(everyone.map((person) => String(person.birthYear)));
    expect(rows.flat().filter((cell) => years.has(cell))).toEqual([]);
    expect(column("Age group")).toContain("25–34");
  });

  it("gives each person the same pseudonym in every download: their stored one", async () => {
    const first = await download();
    const second = await download();
    expect(second.column("Pseudonym")).toEqual(first.column("Pseudonym"));
    const stored = await t.db.select({ pseudonym: people.pseudonym }).from(people);
    const known = new Set(stored.map((row) => row.pseudonym));
    expect(new Set(first.column("Pseudonym")).size).toBe(10);
    for (const pseudonym of first.column("Pseudonym")) expect(known.has(pseudonym)).toBe(true);
  });

  it("shows a community held by 6 people and suppresses one held by 3; without consent it is not shared", async () => {
    const { text, column } = await download();
    const communities = column("Community or ethnicity");
    expect(communities.filter((value) => value === "Lezgi")).toHaveLength(6 + 4);
    expect(text).not.toContain("Udi");
    expect(communities.filter((value) => value === "suppressed (fewer than 5)")).toHaveLength(3);
    expect(text).not.toContain("Talysh");
    expect(communities.filter((value) => value === "not shared")).toHaveLength(1);
    // Displacement: 9 people shared it (a group of 9), the tenth did not.
    expect(column("Displacement status").filter((value) => value === "Internally displaced")).toHaveLength(
      13,
    );
  });

  it("suppresses a country and an age group of one person", async () => {
    const { text, column } = await download();
    expect(text).not.toContain("Georgia");
    expect(column("Country")).toContain("suppressed (fewer than 5)");
    expect(column("Country")).toContain("Azerbaijan");
    expect(column("Age group")).not.toContain("65 and over");
    expect(column("Age group")).toContain("suppressed (fewer than 5)");
  });

  it("says what each took part in: activity kind, date, role, status, kind of organisation represented", async () => {
    const { rows, header } = await download();
    const row = Object.fromEntries(header.map((name, index) => [name, rows[0]?.[index]]));
    expect(row).toMatchObject({
      "Activity kind": "Training",
      "Activity date": "2024-03-10",
      "Activity country": "Azerbaijan",
      Role: "Participant",
      Status: "Attended",
      "Stakeholder type at the time": "NGO representative",
      "Kind of organisation": "NGO",
    });
  });

  it("is in the access log with everyone in it, and audit-logged like every export", async () => {
    const auditBefore = await t.db.$count(
      auditEvents,
      and(eq(auditEvents.action, "export.csv"), eq(auditEvents.entityType, "pseudonymised")),
    );
    await download();
    const [logged] = await t.db
      .select()
      .from(accessLog)
      .where(eq(accessLog.what, "pseudonymised.csv"))
      .orderBy(accessLog.id);
    expect(logged).toMatchObject({ kind: "export", userId: managerUser.id });
    expect([...(logged?.personIds ?? [])].sort((a, b) => a - b)).toEqual(everyone.map((person) => person.id));
    const auditAfter = await t.db.$count(
      auditEvents,
      and(eq(auditEvents.action, "export.csv"), eq(auditEvents.entityType, "pseudonymised")),
    );
    expect(auditAfter).toBe(auditBefore + 1);
  });

  it("comes as an Excel workbook too", async () => {
    const response = await manager.get(url.replace("delimiter=comma", "format=xlsx"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("spreadsheetml");
    const book = read(new Uint8Array(await response.arrayBuffer()));
    const sheet = book.Sheets[book.SheetNames[0] ?? ""];
    const rows = utils.sheet_to_json<string[]>(sheet ?? {}, { header: 1 });
    expect(rows).toHaveLength(1 + 14);
  });

  it("is offered on the report pages with the report's filters", async () => {
    const html = await (await manager.get("/reports/reach?range=last_year")).text();
    expect(html).toContain('href="/exports/pseudonymised.csv?range=last_year&amp;format=csv');
  });

  it("refuses a coordinator, and logs nothing", async () => {
    const before = await t.db.$count(accessLog);
    expect((await coordinator.get(url)).status).toBe(403);
    expect(await t.db.$count(accessLog)).toBe(before);
  });
});
