/**
 * Erasure (decision 24): 100 people with names in Azerbaijani Latin, Cyrillic, Georgian and Armenian, made through the
 * app's forms, its query functions and real imports (Windows-1251 and UTF-16), who attended activities, worked for
 * organisations, were met and written about, edited, proposed by a partner and named in a mail, are erased through
 * the route by an admin. Afterwards no table of the database and no stored import file holds any of their names or
 * emails, and every report gives exactly what it gave before. The refusals: 403 below admin, 422 without a reason,
 * 409 twice, 404 for no one.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAffiliation } from "../../src/affiliations/queries";
import type { Db } from "../../src/db/client";
import { rowsOf } from "../../src/db/client";
import { consents, imports, interactions, mailMessages, participations, people } from "../../src/db/schema";
import { decodeBytes, detectEncoding, encodingNamed } from "../../src/imports/encoding";
import { fileOf } from "../../src/imports/record";
import { mergeKinds } from "../../src/merge/kinds";
import { mergeRecords } from "../../src/merge/queries";
import { addParticipants } from "../../src/participants/queries";
import { decideNomination } from "../../src/partners/nominations";
import { saveProposals } from "../../src/partners/proposals";
import { createPerson } from "../../src/people/queries";
import { personSchema } from "../../src/people/validation";
import { queryCommunities } from "../../src/reports/communities";
import { queryDepth } from "../../src/reports/depth";
import { type ReportScope, reportFiltersSchema, resolveScope } from "../../src/reports/filters";
import { queryOfficials } from "../../src/reports/officials";
import { queryOverview } from "../../src/reports/overview";
import { queryPartners } from "../../src/reports/partners";
import { queryReach } from "../../src/reports/reach";
import { queryRecords, recordFacetsSchema } from "../../src/reports/records";
import { encodeText } from "../fixtures/imports/encode";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertOrganization, insertPartner } from "../helpers/records";

let t: TestApp;
let admin: Client;
let coordinator: Client;
let manager: Client;
let staff: Client;
let adminId: number;
let coordinatorId: number;

const today = new Date().toISOString().slice(0, 10);

type Erased = { id: number; script: string; needles: string[] };
/** The 100 to erase, with every value of theirs to look for afterwards (today's and earlier ones). */
const erased: Erased[] = [];
/** People who stay: their names must stay too. */
const kept: Record<string, number> = {};
const activityIds: number[] = [];
const organizationIds: Record<string, number> = {};
const importIds: Record<string, number> = {};

const azFirst = ["Aysel", "Rəşad", "Günay", "Elçin", "Nərmin"];
const azLast = ["Qəmbərli", "Şükürlü", "Həsənli", "Çələbili", "Ağaverdili"];
const azFirstCyrillic = ["Айсель", "Рашад", "Гюнай", "Эльчин", "Нармин"];
const azLastCyrillic = ["Гамбарли", "Шукюрлю", "Гасанли", "Челебили", "Агавердили"];
const ruFirst = ["Фарид", "Севиндж", "Тогрул", "Лейла", "Заур"];
const ruLast = ["Агаларов-Бек", "Гусейнзаде", "Джафарлы", "Алекперов-Хан", "Мусабеков"];
const kaFirst = ["გიორგი", "ნინო", "ლევან", "თამარ", "დავით"];
const kaLast = ["ბერიძე", "კაპანაძე", "მაისურაძე", "ლომიძე", "ჯაფარიძე"];
const kaFirstLatin = ["Giorgi", "Nino", "Levan", "Tamar", "Davit"];
const kaLastLatin = ["Beridze", "Kapanadze", "Maisuradze", "Lomidze", "Japaridze"];
const hyFirst = ["Արամ", "Անի", "Դավիթ", "Լուսինե", "Տիգրան"];
const hyLast = ["Պետրոսյան", "Հակոբյան", "Սարգսյան", "Մկրտչյան", "Ավետիսյան"];
const hyFirstLatin = ["Aram", "Ani", "Davit", "Lusine", "Tigran"];
const hyLastLatin = ["Petrosyan", "Hakobyan", "Sargsyan", "Mkrtchyan", "Avetisyan"];

const pairs = [...Array(25).keys()].map((n) => [Math.floor(n / 5), n % 5] as const);
const genders = ["female", "male", "other"] as const;
const types = ["community_leader", "official", "parliamentarian", "activist", "ngo_representative"] as const;
const displacement = ["idp", "refugee", "returnee", "none"] as const;

/** The report fields, varied by number, so the breakdowns have something in every group. */
function reportFields(n: number) {
  return {
    gender: genders[n % 3] as string,
    birthYear: String(1950 + ((n * 7) % 55)),
    stakeholderType: types[n % 5] as string,
    country: ["AZ", "GE", "AM"][n % 3] as string,
    community: ["Talysh", "Lezgin", "Meskhetian", "Udi"][n % 4] as string,
    displacementStatus: displacement[n % 4] as string,
  };
}

const idFrom = (response: Response) => Number((response.headers.get("location") ?? "").split("/")[2]);

async function finished(id: number) {
  for (let i = 0; i < 400; i++) {
    const [record] = await t.db.select().from(imports).where(eq(imports.id, id));
    if (record && record.status !== "running" && record.status !== "previewed") return record;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the import did not finish");
}

function upload(client: Client, bytes: Uint8Array, fileName: string, kind: string, activityId?: number) {
  const form = new FormData();
  form.set("kind", kind);
  if (activityId) form.set("activityId", String(activityId));
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: "text/csv" }));
  return client.request("/imports", { method: "POST", body: form });
}

/** Upload, map (the columns given), and optionally run through the wizard; the import's id. */
async function importThroughWizard(
  bytes: Uint8Array,
  fileName: string,
  options: {
    kind: string;
    encoding: string;
    delimiter: string;
    columns: string[];
    activityId?: number;
    run: boolean;
  },
) {
  const uploaded = await upload(coordinator, bytes, fileName, options.kind, options.activityId);
  expect(uploaded.status).toBe(303);
  const id = idFrom(uploaded);
  const columns = Object.fromEntries(options.columns.map((key, index) => [`column-${index}`, key]));
  const mapped = await coordinator.post(`/imports/${id}/map`, {
    encoding: options.encoding,
    delimiter: options.delimiter,
    ...columns,
  });
  expect(mapped.status).toBe(303);
  if (!options.run) return id;
  expect((await coordinator.post(`/imports/${id}/run`)).status).toBe(303);
  const record = await finished(id);
  expect(record.status).toBe("done");
  return id;
}

async function personRow(id: number) {
  const [row] = await t.db.select().from(people).where(eq(people.id, id));
  if (!row) throw new Error(`no person ${id}`);
  return row;
}

/** Today's name, other names, email and phone of a person: the values to look for once they are erased. */
async function currentValues(id: number): Promise<string[]> {
  const row = await personRow(id);
  return [row.fullName, ...row.otherNames, row.email ?? "", row.phone ?? ""].filter((value) => value !== "");
}

async function idByEmail(email: string): Promise<number> {
  const [row] = await t.db
    .select({ id: people.id })
    .from(people)
    .where(sql`lower(${people.email}) = lower(${email})`);
  if (!row) throw new Error(`no one with ${email}`);
  return row.id;
}

let scope: ReportScope;
let partnerScope: ReportScope;

/** Every report the reports page shows, over two scopes; the records behind them without the names (which go). */
async function everyReport(db: Db) {
  const results: Record<string, unknown> = {};
  for (const [name, s] of [
    ["all", scope],
    ["partner", partnerScope],
  ] as const) {
    results[`${name}.overview`] = await queryOverview(db, s, today);
    results[`${name}.reach`] = await queryReach(db, s, today);
    results[`${name}.depth`] = await queryDepth(db, s, today);
    results[`${name}.officials`] = await queryOfficials(db, s, today);
    results[`${name}.communities`] = await queryCommunities(db, s, today);
    results[`${name}.partners`] = await queryPartners(db, s, today, 12);
    const records = await queryRecords(db, s, today, recordFacetsSchema.parse({ of: "people" }), null);
    results[`${name}.records.people`] = {
      total: records.total,
      people: records.people.map(({ fullName: _name, ...row }) => row).sort((a, b) => a.id - b.id),
    };
    results[`${name}.records.activities`] = await queryRecords(
      db,
      s,
      today,
      recordFacetsSchema.parse({ of: "activities" }),
      null,
    );
  }
  return results;
}

/** `%value%` for LIKE, the value's own wildcards taken literally. */
const likeOf = (value: string) => `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** For each table of the database, each needle it holds somewhere in its rows (as text), with how many rows. */
async function foundInTables(needles: string[]): Promise<string[]> {
  const tables = rowsOf<{ table_name: string }>(
    await t.db.execute(sql`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  );
  expect(tables.length).toBeGreaterThan(25);
  const patterns = JSON.stringify(needles.map((needle) => ({ needle, pattern: likeOf(needle) })));
  const found: string[] = [];
  for (const { table_name: table } of tables) {
    const rows = rowsOf<{ needle: string; rows: number | string }>(
      await t.db.execute(sql`
        select n.needle, count(*) as rows
        from ${sql.identifier(table)} t
        cross join jsonb_to_recordset(${patterns}::jsonb) as n(needle text, pattern text)
        where lower(t::text) like lower(n.pattern)
        group by n.needle`),
    );
    for (const row of rows) found.push(`${table}: ${row.needle} (${row.rows})`);
  }
  return found;
}

/** Each stored import file read in the encoding its import now says, with the needles it holds. */
async function foundInFiles(needles: string[]) {
  const records = await t.db
    .select({ id: imports.id, encoding: imports.encoding, fileName: imports.fileName })
    .from(imports);
  const found: string[] = [];
  const texts = new Map<number, string>();
  for (const record of records) {
    const bytes = await fileOf(t.db, record.id);
    const text = decodeBytes(bytes, encodingNamed(record.encoding ?? "") ?? detectEncoding(bytes));
    texts.set(record.id, text);
    const lower = text.toLowerCase();
    for (const needle of needles)
      if (lower.includes(needle.toLowerCase())) found.push(`${record.id}: ${needle}`);
  }
  return { found, texts };
}

beforeAll(async () => {
  t = await createTestApp();
  const signedIn = async (role: "admin" | "coordinator" | "manager" | "staff") => t.loginAs(role);
  ({
    client: admin,
    user: { id: adminId },
  } = await signedIn("admin"));
  ({
    client: coordinator,
    user: { id: coordinatorId },
  } = await signedIn("coordinator"));
  ({ client: manager } = await signedIn("manager"));
  ({ client: staff } = await signedIn("staff"));
  const actor = { userId: coordinatorId };

  for (const name of ["Civic Forum Ganja", "Tbilisi Dialogue Centre", "Yerevan Minorities Network"]) {
    organizationIds[name] = await insertOrganization(t.db, name);
  }
  const partnerOrganization = organizationIds["Civic Forum Ganja"] as number;
  const { user: partnerUser } = await t.loginAs("partner", { organizationId: partnerOrganization });

  // Four activities, held in 2025, through the activity form; the first two with a partner.
  for (const [index, kind] of (["seminar", "training", "conference", "workshop"] as const).entries()) {
    const response = await coordinator.post("/activities", {
      title: `Dialogue on minority rights ${index + 1}`,
      kind,
      status: "held",
      startDate: `2025-0${index + 2}-15`,
      country: ["AZ", "GE", "AM", "AZ"][index] as string,
    });
    expect(response.status).toBe(303);
    activityIds.push(idFrom(response));
  }
  await insertPartner(t.db, {
    activityId: activityIds[0] as number,
    organizationId: partnerOrganization,
    role: "co_organiser",
  });
  await insertPartner(t.db, {
    activityId: activityIds[1] as number,
    organizationId: organizationIds["Tbilisi Dialogue Centre"] as number,
    role: "host",
  });
  scope = resolveScope(reportFiltersSchema.parse({ from: "2024-01-01", to: "2026-12-31" }), today);
  partnerScope = resolveScope(
    reportFiltersSchema.parse({ from: "2024-01-01", to: "2026-12-31", partner: String(partnerOrganization) }),
    today,
  );

  // People who stay, through the person form; one of them is written about with an erased person's name.
  for (const [index, name] of [
    "Kamran Əliyev",
    "Sabina Rzayeva",
    "Nika Tsiklauri",
    "Karen Ohanyan",
  ].entries()) {
    const response = await coordinator.post("/people", {
      fullName: name,
      email: `kept${index}@example.org`,
      notes: index === 0 ? "Introduced by Aysel Qəmbərli; met Giorgi Beridze too." : "",
      notDuplicate: "on",
      ...reportFields(index + 200),
    });
    expect(response.status).toBe(303);
    kept[name] = idFrom(response);
  }

  // 25 in Azerbaijani Latin (with the Cyrillic spelling) through the person form, each then attended activity 1.
  for (const [n, [a, b]] of pairs.entries()) {
    const email = `az${n}.guest@example.az`;
    const response = await coordinator.post("/people", {
      fullName: `${azFirst[a]} ${azLast[b]}`,
      otherNames: `${azFirstCyrillic[a]} ${azLastCyrillic[b]}`,
      email,
      phone: `050 55${String(n).padStart(5, "0")}`,
      city: "Gəncə",
      languages: "az, ru",
      tags: "erasure-test",
      notes: `${azFirst[a]} ${azLast[b]} asked about the grant; write to ${email}.`,
      notDuplicate: "on",
      ...reportFields(n),
    });
    expect(response.status).toBe(303);
    const id = idFrom(response);
    const added = await coordinator.post(`/activities/${activityIds[0]}/participants`, {
      personId: String(id),
      status: "attended",
      role: n % 4 === 0 ? "speaker" : "participant",
    });
    expect(added.status).toBe(303);
    erased.push({ id, script: "az", needles: [] });
  }

  // 25 in Georgian (with the Latin spelling) and 25 in Armenian through the query functions, with an affiliation.
  const created: { id: number; script: string; email: string; name: string }[] = [];
  await t.db.transaction(async (tx) => {
    for (const [script, first, last, firstLatin, lastLatin, organization, country] of [
      ["ka", kaFirst, kaLast, kaFirstLatin, kaLastLatin, "Tbilisi Dialogue Centre", "GE"],
      ["hy", hyFirst, hyLast, hyFirstLatin, hyLastLatin, "Yerevan Minorities Network", "AM"],
    ] as const) {
      for (const [n, [a, b]] of pairs.entries()) {
        const name = `${first[a]} ${last[b]}`;
        const email = `${firstLatin[a]?.toLowerCase()}.${lastLatin[b]?.toLowerCase()}@example.${script}`;
        const input = personSchema.parse({
          fullName: name,
          otherNames: `${firstLatin[a]} ${lastLatin[b]}`,
          email,
          phone: script === "ka" ? `+99559955${String(n).padStart(4, "0")}` : "",
          notes: `${firstLatin[a]} ${lastLatin[b]} (${name}) speaks at the roundtable.`,
          ...reportFields(n + (script === "ka" ? 30 : 60)),
          country,
        });
        const id = await createPerson(tx, input, true, actor);
        await addAffiliation(
          tx,
          id,
          {
            organizationId: organizationIds[organization] as number,
            position: `Programme officer for ${firstLatin[a]} ${lastLatin[b]}'s region`,
            kind: "staff",
            startDate: "2020-01-01",
            endDate: null,
            isPrimary: true,
          },
          actor,
        );
        created.push({ id, script, email, name });
      }
    }
    // The Georgians attended activity 2 (with their organisation on the roster row).
    await addParticipants(
      tx,
      { id: activityIds[1] as number, startDate: "2025-03-15" },
      created.filter((person) => person.script === "ka").map((person) => person.id),
      { role: "participant", status: "attended" },
      actor,
    );
  });
  for (const person of created) erased.push({ id: person.id, script: person.script, needles: [] });

  // 25 in Cyrillic through an import in Windows-1251: with their organisation and position, one line refused.
  const cyrillicLines = pairs.map(
    ([a, b], n) =>
      `${ruFirst[a]} ${ruLast[b]};${ruFirst[a] === "Лейла" ? "leyla" : "ru"}${n}@example.ru;+99412440${String(n).padStart(4, "0")};${n % 2 ? "м" : "ж"};AZ;Civic Forum Ganja;Координатор`,
  );
  const cyrillicFile = encodeText(
    [
      "Full name;Email;Phone;Gender;Country;Organization;Position",
      ...cyrillicLines,
      "Камран Ахмедов;kamran.akhmedov@example.ru;;м;AZ;Civic Forum Ganja;Водитель",
      `${ruFirst[0]} ${ruLast[0]};farid@@example;;м;AZ;;`,
      "",
    ].join("\r\n"),
    "windows-1251",
  );
  importIds.cyrillic = await importThroughWizard(cyrillicFile, "участники-2025.csv", {
    kind: "people",
    encoding: "windows-1251",
    delimiter: ";",
    columns: ["full_name", "email", "phone", "gender", "country", "organization", "position"],
    run: true,
  });
  kept["Камран Ахмедов"] = await idByEmail("kamran.akhmedov@example.ru");
  const cyrillicIds: number[] = [];
  for (const n of pairs.keys()) {
    const [a] = pairs[n] as readonly [number, number];
    cyrillicIds.push(await idByEmail(`${ruFirst[a] === "Лейла" ? "leyla" : "ru"}${n}@example.ru`));
  }
  for (const id of cyrillicIds) erased.push({ id, script: "ru", needles: [] });
  // They and Kamran attended activity 4.
  await t.db.transaction((tx) =>
    addParticipants(
      tx,
      { id: activityIds[3] as number, startDate: "2025-05-15" },
      [...cyrillicIds, kept["Камран Ахмедов"] as number, kept["Kamran Əliyev"] as number],
      { role: "participant", status: "attended" },
      actor,
    ),
  );

  // The Armenians' attendance of activity 3 comes from an import of participants in UTF-16, tab-separated.
  const armenians = created.filter((person) => person.script === "hy");
  const attendance = encodeText(
    [
      "Full name\tEmail\tStatus",
      ...armenians.map((person) => `${person.name}\t${person.email}\tattended`),
      `Karen Ohanyan\tkept3@example.org\tattended`,
      "",
    ].join("\r\n"),
    "utf-16le",
    { bom: true },
  );
  importIds.attendance = await importThroughWizard(attendance, "attendance.txt", {
    kind: "participants",
    encoding: "utf-16le",
    delimiter: "\t",
    columns: ["full_name", "email", "status"],
    activityId: activityIds[2] as number,
    run: true,
  });
  // An import still being prepared, naming two Georgians and one who stays.
  const georgians = created.filter((person) => person.script === "ka");
  importIds.pending = await importThroughWizard(
    new TextEncoder().encode(
      [
        "Full name|Email",
        `${georgians[0]?.name}|${georgians[0]?.email}`,
        "Nika Tsiklauri|kept2@example.org",
        `${georgians[1]?.name}|${georgians[1]?.email}`,
        "",
      ].join("\n"),
    ),
    "new-list.txt",
    { kind: "people", encoding: "utf-8", delimiter: "|", columns: ["full_name", "email"], run: false },
  );

  // Edits through the form: ten change their email and notes, so the history holds the old values.
  const oldValues = new Map<number, string[]>();
  for (const person of erased.filter((p) => p.script === "az").slice(0, 10)) {
    const row = await personRow(person.id);
    const newEmail = `renamed.${person.id}@example.az`;
    const response = await coordinator.post(`/people/${person.id}`, {
      fullName: row.fullName,
      otherNames: row.otherNames.join(", "),
      email: newEmail,
      phone: row.phone ?? "",
      city: "Bakı",
      languages: row.languages.join(", "),
      tags: row.tags.join(", "),
      notes: `${row.fullName} moved to Baku.`,
      stakeholderType: row.stakeholderType,
      gender: row.gender ?? "",
      birthYear: String(row.birthYear ?? ""),
      country: row.country ?? "",
      community: row.community ?? "",
      displacementStatus: row.displacementStatus ?? "",
      version: String(row.version),
    });
    expect(response.status).toBe(303);
    oldValues.set(person.id, [row.email ?? ""]);
  }

  // Two records of one person, merged: erasing the survivor erases both.
  const survivor = erased[1] as Erased;
  const [duplicate] = await t.db
    .insert(people)
    .values({ fullName: "Aysel Şükürlüyeva", email: "old.aysel.duplicate@example.az" })
    .returning({ id: people.id });
  const survivorRow = await personRow(survivor.id);
  const merge = await t.db.transaction((tx) =>
    mergeRecords(
      tx,
      mergeKinds.person,
      {
        survivorId: survivor.id,
        otherId: duplicate?.id as number,
        survivorVersion: survivorRow.version,
        otherVersion: 1,
        choices: {},
      },
      { userId: coordinatorId },
    ),
  );
  expect(merge.outcome).toBe("merged");
  oldValues.set(survivor.id, [
    ...(oldValues.get(survivor.id) ?? []),
    "Aysel Şükürlüyeva",
    "old.aysel.duplicate@example.az",
  ]);

  // Contact-log entries through the form: four erased people and one who stays, their names and emails in the notes.
  for (let entry = 0; entry < 25; entry++) {
    const group = erased.slice(entry * 4, entry * 4 + 4);
    const names = await Promise.all(group.map(async (person) => (await personRow(person.id)).fullName));
    const emails = await Promise.all(group.map(async (person) => (await personRow(person.id)).email));
    const response = await staff.post("/interactions", {
      kind: "meeting",
      occurredAt: "2025-06-01T10:00",
      subject: `Meeting with ${names[0]}`,
      notes: `${names.join(", ")} came; follow up with ${emails.join(" and ")}.`,
      personIds: [...group.map((person) => person.id), kept["Sabina Rzayeva"] as number].join(","),
      followUpDue: "",
      followUpAssigneeId: "",
      followUpNote: "",
    });
    expect(response.status).toBe(303);
  }

  // A partner proposes a new phone for one of their people; a nomination of another is accepted (a mail about them).
  const proposed = erased.find((person) => person.script === "ru") as Erased;
  const proposedRow = await personRow(proposed.id);
  await saveProposals(
    t.db,
    partnerOrganization,
    proposed.id,
    [{ field: "email", oldValue: proposedRow.email ?? "", newValue: "proposed.new.address@example.ru" }],
    { userId: partnerUser.id },
  );
  oldValues.set(proposed.id, ["proposed.new.address@example.ru"]);
  const nominated = erased[2] as Erased;
  const [nomination] = await t.db
    .insert(participations)
    .values({
      activityId: activityIds[2] as number,
      personId: nominated.id,
      status: "nominated",
      organizationId: partnerOrganization,
    })
    .returning({ id: participations.id });
  expect(
    await decideNomination(t.db, activityIds[2] as number, nomination?.id as number, "accept", {
      userId: coordinatorId,
    }),
  ).toBe(true);
  const nominatedName = (await personRow(nominated.id)).fullName;
  const [mail] = await t.db
    .select()
    .from(mailMessages)
    .where(sql`${mailMessages.subject} like ${`%${nominatedName}%`}`);
  expect(mail?.body).toContain(nominatedName);

  // A consent with a note naming them, and a download of the list searched by one name (kept in the audit log).
  await t.db.insert(consents).values({
    personId: erased[3]?.id as number,
    purpose: "photos",
    status: "given",
    givenOn: "2025-02-15",
    method: "written",
    note: `Signed by ${(await personRow(erased[3]?.id as number)).fullName} at the seminar`,
  });
  const searched = (await personRow(erased[4]?.id as number)).fullName;
  const download = await manager.get(`/people?format=csv&q=${encodeURIComponent(searched)}`);
  expect(download.status).toBe(200);
  expect(await download.text()).toContain(searched);
  // The search is kept as the address had it: the name percent-encoded.
  oldValues.set(erased[4]?.id as number, [encodeURIComponent(searched)]);

  for (const person of erased) {
    person.needles = [...(await currentValues(person.id)), ...(oldValues.get(person.id) ?? [])];
  }
}, 600_000);

afterAll(async () => {
  await t?.close();
});

describe("erasing 100 people", () => {
  it("leaves none of their names or emails in any table or stored file, and every report as it was", async () => {
    expect(erased).toHaveLength(100);
    expect(new Set(erased.map((person) => person.id)).size).toBe(100);
    const needles = [...new Set(erased.flatMap((person) => person.needles))];
    // Checked before: the search and the data are there to find.
    expect((await foundInTables(needles)).length).toBeGreaterThan(100);
    expect((await foundInFiles(needles)).found.length).toBeGreaterThan(50);
    const before = await everyReport(t.db);
    expect((before["all.overview"] as { figures?: unknown }) ?? {}).toBeTruthy();

    const started = performance.now();
    for (const person of erased) {
      const response = await admin.post(`/people/${person.id}/erase`, {
        reason: "Asked by email to be forgotten (ticket 2025-117).",
      });
      expect(response.status, `erasing ${person.id}`).toBe(303);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `erasing 100 people through the route took ${seconds.toFixed(1)} s (${(seconds * 10).toFixed(0)} ms each)`,
    );

    // (a) No table holds any of their names or emails, old or new.
    expect(await foundInTables(needles)).toEqual([]);
    // (b) No stored import file, read in its encoding, holds them; the people who stay are still in them.
    const files = await foundInFiles(needles);
    expect(files.found).toEqual([]);
    expect(files.texts.get(importIds.cyrillic as number)).toContain("Камран Ахмедов");
    expect(files.texts.get(importIds.attendance as number)).toContain("Karen Ohanyan");
    expect(files.texts.get(importIds.pending as number)).toContain("Nika Tsiklauri");
    // (c) Every report gives what it gave.
    expect(await everyReport(t.db)).toEqual(before);
  }, 600_000);

  it("keeps the people who stay, with an erased name replaced in what was written about them", async () => {
    const kamran = await personRow(kept["Kamran Əliyev"] as number);
    expect(kamran.fullName).toBe("Kamran Əliyev");
    expect(kamran.erasedAt).toBeNull();
    expect(kamran.notes).toBe("Introduced by —; met — too.");
    const contacts = await t.db.select({ notes: interactions.notes }).from(interactions);
    expect(contacts).toHaveLength(25);
    expect(contacts.every((contact) => contact.notes?.startsWith("—, —, —, —"))).toBe(true);
    // The contacts stay for the one who stays in them.
    const sabina = await staff.get(`/people/${kept["Sabina Rzayeva"]}`);
    expect((await sabina.text()).match(/Meeting with —/g)?.length).toBeGreaterThan(0);
  });

  it("keeps only the report fields on their rows, shows them as erased to everyone, and no longer lists them", async () => {
    const first = erased[0] as Erased;
    const row = await personRow(first.id);
    expect(row).toMatchObject({
      fullName: "—",
      otherNames: [],
      email: null,
      phone: null,
      city: null,
      languages: [],
      tags: [],
      notes: null,
      searchText: "",
      nameKey: "",
      erasedBy: adminId,
      erasureReason: "Asked by email to be forgotten (ticket 2025-117).",
      ...{ gender: "female", stakeholderType: "community_leader", country: "AZ", community: "Talysh" },
    });
    expect(row.archivedAt).not.toBeNull();
    expect(row.erasedAt).not.toBeNull();
    for (const client of [staff, coordinator, admin]) {
      const page = await client.get(`/people/${first.id}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("This person was erased on");
      expect(html).not.toContain("Talysh");
      expect(html).not.toContain("Dialogue on minority rights");
    }
    expect(await (await staff.get(`/people/${first.id}`)).text()).toContain("ticket 2025-117");
    const list = await (await coordinator.get("/people?archived=include&tag=erasure-test")).text();
    expect(list).not.toContain(`/people/${first.id}"`);
    const archived = await (await coordinator.get("/people?archived=only")).text();
    expect(erased.filter((person) => archived.includes(`/people/${person.id}"`))).toEqual([]);
    // The roster keeps their rows, without their names.
    const roster = await (await coordinator.get(`/activities/${activityIds[0]}/participants`)).text();
    expect(roster.match(/>—</g)?.length).toBeGreaterThanOrEqual(25);
    // Their record cannot be edited or restored.
    expect((await coordinator.get(`/people/${first.id}/edit`)).status).toBe(409);
    expect((await coordinator.post(`/people/${first.id}/restore`)).status).toBe(409);
    expect((await personRow(first.id)).archivedAt).not.toBeNull();
  });

  it("keeps the imports' pages working on the rewritten files", async () => {
    for (const key of ["cyrillic", "attendance"]) {
      const [record] = await t.db
        .select()
        .from(imports)
        .where(eq(imports.id, importIds[key] as number));
      expect(record?.encoding).toBe("utf-8");
      expect((await coordinator.get(`/imports/${record?.id}`)).status).toBe(200);
    }
    const rejected = await coordinator.get(`/imports/${importIds.cyrillic}/rejected.csv`);
    expect(rejected.status).toBe(200);
    expect(await rejected.text()).toContain("farid@@example");
    const map = await coordinator.get(`/imports/${importIds.pending}/map`);
    expect(map.status).toBe(200);
    const html = await map.text();
    expect(html).toContain("Nika Tsiklauri");
    expect(html).not.toContain(kaFirst[0] as string);
  });
});

describe("refusals", () => {
  let personId: number;
  beforeAll(async () => {
    const response = await coordinator.post("/people", {
      fullName: "Ülviyyə Nəsirli",
      stakeholderType: "other",
      email: "ulviyye@example.az",
      notDuplicate: "on",
    });
    personId = idFrom(response);
  });

  it("are 403 below admin, and nothing is erased", async () => {
    for (const client of [staff, coordinator, manager]) {
      expect((await client.get(`/people/${personId}/erase`)).status).toBe(403);
      expect((await client.post(`/people/${personId}/erase`, { reason: "asked" })).status).toBe(403);
    }
    expect((await personRow(personId)).erasedAt).toBeNull();
    // Only an admin's page of the person offers it.
    expect(await (await coordinator.get(`/people/${personId}`)).text()).not.toContain(
      `/people/${personId}/erase`,
    );
    expect(await (await admin.get(`/people/${personId}`)).text()).toContain(
      `href="/people/${personId}/erase"`,
    );
  });

  it("show an admin what goes and what stays, and ask for a reason (422 without one)", async () => {
    const page = await admin.get(`/people/${personId}/erase`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("What is removed");
    expect(html).toContain('<label for="field-reason">Reason for erasing</label>');
    const refused = await admin.post(`/people/${personId}/erase`, { reason: "   " });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Please fill this in.");
    expect((await personRow(personId)).fullName).toBe("Ülviyyə Nəsirli");
  });

  it("erase once: a second time is 409; no one is 404", async () => {
    expect((await admin.post(`/people/${personId}/erase`, { reason: "Asked in person" })).status).toBe(303);
    const again = await admin.post(`/people/${personId}/erase`, { reason: "Asked in person" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already erased");
    expect((await admin.get(`/people/${personId}/erase`)).status).toBe(409);
    expect((await admin.post("/people/999999/erase", { reason: "Asked" })).status).toBe(404);
    const events = rowsOf<{ after: unknown }>(
      await t.db.execute(
        sql`select after from audit_events where action = 'person.erase' and entity_id = ${personId}`,
      ),
    );
    expect(events).toHaveLength(1);
  });
});
