/**
 * Property tests of the import (issue 5, "Tests and proof"): importing a file twice adds nothing the second time;
 * export → import round-trips (the export the UI and the CLI write); formulas and markup in cells are stored as text
 * and exported neutralised.
 */

import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { getAlpha2Codes } from "i18n-iso-countries/index.js";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { people } from "../../src/db/schema";
import { stakeholderTypes } from "../../src/db/schema/enums";
import { toCsv } from "../../src/exports/csv";
import { createTranslator } from "../../src/i18n";
import { sameNameKey } from "../../src/imports/merge";
import { peopleCsv } from "../../src/people/export";
import { peopleFiltersSchema } from "../../src/people/validation";
import { countryName } from "../../src/text/country";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { csvLine, importText } from "./import-text";

const en = createTranslator("en");
const ru = createTranslator("ru");
const az = createTranslator("az");
const timeout = 60_000;

let first: TestDatabase;
let second: TestDatabase;
beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

async function wipe(db: Db) {
  await db.execute(sql`truncate table people, organizations, imports restart identity cascade`);
}

// Names in five scripts: Latin, Azerbaijani Latin, Cyrillic, Georgian, Armenian.
const namePools = [
  [
    ["Anar", "Leyla", "Rashad", "Nino", "Armen", "Maka", "Aydan"],
    ["Aliyev", "Huseynova", "Karimov", "Beridze", "Petrosyan", "Tsereteli"],
  ],
  [
    ["Elçin", "Günel", "Şəhla", "Ülvi", "Aygün", "Nərmin"],
    ["Məmmədov", "Əliyeva", "Qasımov", "Hüseynova", "Şükürov"],
  ],
  [
    ["Эльчин", "Лейла", "Нино", "Армен", "Ольга"],
    ["Мамедов", "Алиева", "Беридзе", "Петросян", "Иванова"],
  ],
  [
    ["ნინო", "გიორგი", "მაკა", "ლაშა"],
    ["ბერიძე", "წერეთელი", "გელაშვილი"],
  ],
  [
    ["Արմեն", "Անի", "Նարեկ", "Լուսինե"],
    ["Պետրոսյան", "Հակոբյան", "Սարգսյան"],
  ],
] as const;

const nameArb = fc
  .constantFrom(...namePools)
  .chain(([given, family]) =>
    fc.tuple(fc.constantFrom(...given), fc.constantFrom(...family)).map(([g, f]) => `${g} ${f}`),
  );
const countryCodes = Object.keys(getAlpha2Codes());
const countryArb = fc.option(fc.constantFrom(...countryCodes), { nil: null });
const stakeholderArb = fc.constantFrom(...stakeholderTypes);
/** A country as partners write it: its code, or its name in English, Russian or Azerbaijani. */
const countryCellArb = (code: string | null) =>
  code === null
    ? fc.constant("")
    : fc.constantFrom(
        code,
        code.toLowerCase(),
        countryName(code, "en"),
        countryName(code, "ru"),
        countryName(code, "az"),
      );
/** A stakeholder type as partners write it: its label in one of the three languages, or its key. */
const stakeholderCellArb = (type: (typeof stakeholderTypes)[number]) =>
  fc.constantFrom(
    type,
    en.t(`stakeholderType.${type}`),
    ru.t(`stakeholderType.${type}`),
    az.t(`stakeholderType.${type}`),
  );
const emailCase = (email: string, upper: boolean) => (upper ? email.toUpperCase() : email);

describe("importing the same file twice", () => {
  const organizationsArb = fc.constantFrom(
    "",
    "Yevlakh Refugee Association",
    "YEVLAKH REFUGEE ASSOCIATION",
    "Ganja Youth Centre",
    "Гянджинский молодёжный центр",
    "Gəncə Gənclər Mərkəzi",
  );
  const phoneArb = fc.constantFrom(
    "",
    "+994 50 123 45 67",
    "050 123 45 67",
    "+995 599 12 34 56",
    "+374 10 123456",
    "call the office",
  );
  const rowArb = fc.record({
    name: nameArb,
    email: fc.option(fc.constantFrom("anar", "leyla", "nino", "armen", "maka", "x.y"), { nil: null }),
    domain: fc.constantFrom("example.org", "Partner.AZ"),
    upper: fc.boolean(),
    phone: phoneArb,
    country: fc.constantFrom("", "Azerbaijan", "Грузия", "Ermənistan", "AZ"),
    organization: organizationsArb,
    position: fc.constantFrom("", "Director", "Координатор"),
    stakeholder: fc.constantFrom("", "NGO", "Journalist", "Депутат", "Ekspert"),
    city: fc.constantFrom("", "Baku", "Гянджа"),
    tags: fc.constantFrom("", "youth; media", "media,youth", "gender"),
  });

  it("creates and updates nothing the second time", { timeout }, async () => {
    const db = first.db;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 12 }), async (rows) => {
        run += 1;
        await wipe(db);
        const lines = [
          "Name,Email,Phone,Country,Organisation,Position,Stakeholder type,City,Tags",
          ...rows.map((row) =>
            csvLine([
              row.name,
              row.email ? emailCase(`${row.email}${run % 3}@${row.domain}`, row.upper) : "",
              row.phone,
              row.country,
              row.organization,
              row.position,
              row.stakeholder,
              row.city,
              row.tags,
            ]),
          ),
        ];
        const text = `${lines.join("\r\n")}\r\n`;
        await importText(db, "people", text);
        const peopleBefore = await db.$count(people);
        const again = await importText(db, "people", text);
        expect(again.counts).toMatchObject({
          created: 0,
          updated: 0,
          peopleCreated: 0,
          organizationsCreated: 0,
        });
        expect(await db.$count(people)).toBe(peopleBefore);
      }),
      { numRuns: 25 },
    );
  });

  it("creates nothing the second time when two rows match one stored person by different phones", async () => {
    const db = second.db;
    await wipe(db);
    const [stored] = await db
      .insert(people)
      .values({ fullName: "Xəyal Quliyev", email: "xeyal@phones.org", phone: "+994501234567" })
      .returning({ id: people.id });
    // Row 2 is the stored person by email, row 3 by phone: one record. The phone it is found by stays as stored.
    const text =
      "Name,Email,Phone\nXəyal Quliyev,xeyal@phones.org,+994 55 111 22 33\nX. Quliyev,,+994 50 123 45 67\n";
    const once = await importText(db, "people", text);
    expect(once.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1, peopleCreated: 0 });
    const [after] = await db
      .select()
      .from(people)
      .where(eq(people.id, stored?.id ?? 0));
    expect(after?.phone).toBe("+994501234567");
    const twice = await importText(db, "people", text);
    expect(twice.counts).toMatchObject({ created: 0, updated: 0, peopleCreated: 0 });
  });

  it("creates nothing the second time for a name alone when two people of that name are at other organisations", async () => {
    const db = second.db;
    await wipe(db);
    const text = "Name,Organisation\nAnar Aliyev,Org One\nAnar Aliyev,Org Two\nAnar Aliyev,\n";
    const once = await importText(db, "people", text);
    expect(once.counts).toMatchObject({ peopleCreated: 3 });
    const twice = await importText(db, "people", text);
    // The line with nothing but a name finds the one person known by nothing but that name, whom the first run made.
    expect(twice.counts).toMatchObject({ created: 0, peopleCreated: 0 });
  });
});

type Person = {
  name: string;
  email: string | null;
  country: string | null;
  stakeholderType: (typeof stakeholderTypes)[number];
  city: string | null;
};

async function stored(db: Db) {
  const rows = await db
    .select({
      name: people.fullName,
      email: people.email,
      country: people.country,
      stakeholderType: people.stakeholderType,
      city: people.city,
    })
    .from(people);
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function exportOf(db: Db): Promise<string> {
  const csv = await peopleCsv(db, peopleFiltersSchema.parse({}), en, true);
  return toCsv(csv.headers, csv.rows);
}

describe("export → import", () => {
  // Distinct people: each name once (as the import folds names), each email once; some without an email.
  const peopleArb = fc
    .uniqueArray(
      fc.record({
        name: nameArb,
        hasEmail: fc.constantFrom(true, true, true, true, false),
        country: countryArb,
        stakeholderType: stakeholderArb,
        city: fc.constantFrom(null, "Baku", "Tbilisi", "Ереван", "Şəki"),
      }),
      { selector: (person) => sameNameKey(person.name), minLength: 1, maxLength: 15 },
    )
    .map((drafts) =>
      drafts.map(
        (draft, index): Person => ({
          name: draft.name,
          email: draft.hasEmail ? `person${index}@roundtrip.example.org` : null,
          country: draft.country,
          stakeholderType: draft.stakeholderType,
          city: draft.city,
        }),
      ),
    )
    .chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.tuple(
          ...list.map((person) =>
            fc.tuple(
              countryCellArb(person.country),
              stakeholderCellArb(person.stakeholderType),
              fc.boolean(),
            ),
          ),
        ),
      ),
    );

  it("brings the same people back in a fresh database, and changes nothing in the same one", {
    timeout,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(peopleArb, async ([list, cells]) => {
        await Promise.all([wipe(first.db), wipe(second.db)]);
        const file = [
          csvLine(["ФИО", "E-mail", "Страна", "Тип участника", "Город"]),
          ...list.map((person, i) => {
            const [country, type, upper] = cells[i] as [string, string, boolean];
            return csvLine([
              person.name,
              emailCase(person.email ?? "", upper),
              country,
              type,
              person.city ?? "",
            ]);
          }),
        ].join("\n");
        const imported = await importText(first.db, "people", file);
        expect(imported.counts).toMatchObject({ rejected: 0, peopleCreated: list.length });
        const original = await stored(first.db);
        const expected = [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        expect(original).toEqual(expected);

        const exported = await exportOf(first.db);
        const fresh = await importText(second.db, "people", exported);
        expect(fresh.counts).toMatchObject({ rejected: 0, peopleCreated: list.length });
        expect(await stored(second.db)).toEqual(original);

        const same = await importText(first.db, "people", exported);
        expect(same.counts).toMatchObject({
          created: 0,
          updated: 0,
          unchanged: list.length,
          rejected: 0,
          peopleCreated: 0,
          organizationsCreated: 0,
        });
        expect(await stored(first.db)).toEqual(original);
      }),
      { numRuns: 20 },
    );
  });
});

describe("formulas and markup in cells", () => {
  const dangerous = [
    '=HYPERLINK("http://evil.example","click")',
    "<script>alert(1)</script>",
    "+SUM(1,2)",
    "@cmd",
    "-2+3",
    '<img src=x onerror="alert(1)">',
    "=1+1",
    "Plain & <b>bold</b>",
  ];
  const cellArb = fc.record({
    value: fc.constantFrom(...dangerous),
    before: fc.constantFrom("", " ", "  "),
    after: fc.constantFrom("", " ", "  "),
  });

  it("are stored as text exactly (trimmed) and exported with a leading ' when Excel would run them", {
    timeout,
  }, async () => {
    const db = second.db;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cellArb, cellArb, cellArb), { minLength: 1, maxLength: 6 }),
        async (rows) => {
          run += 1;
          await wipe(db);
          const emailOf = (i: number) => `cell${run}.${i}@markup.example.org`;
          const file = [
            "Name,Email,City,Notes",
            ...rows.map(([name, city, notes], i) =>
              csvLine([
                `${name.before}${name.value}${name.after}`,
                emailOf(i),
                `${city.before}${city.value}${city.after}`,
                `${notes.before}${notes.value}${notes.after}`,
              ]),
            ),
          ].join("\n");
          const imported = await importText(db, "people", file);
          expect(imported.counts).toMatchObject({ rejected: 0, created: rows.length });
          for (const [i, [name, city, notes]] of rows.entries()) {
            const [person] = await db
              .select()
              .from(people)
              .where(eq(people.email, emailOf(i)));
            expect(person).toMatchObject({ fullName: name.value, city: city.value, notes: notes.value });
          }
          const exported = await exportOf(db);
          expect(exported.startsWith("\uFEFF")).toBe(true);
          const parsed = Papa.parse<string[]>(exported.slice(1), { skipEmptyLines: true }).data;
          const [header, ...body] = parsed;
          const nameColumn = header?.indexOf(en.t("field.fullName")) ?? -1;
          const cityColumn = header?.indexOf(en.t("field.city")) ?? -1;
          const emailColumn = header?.indexOf(en.t("field.email")) ?? -1;
          expect(body).toHaveLength(rows.length);
          const neutralised = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);
          for (const [i, [name, city]] of rows.entries()) {
            const line = body.find((cells) => cells[emailColumn] === emailOf(i));
            expect(line?.[nameColumn]).toBe(neutralised(name.value));
            expect(line?.[cityColumn]).toBe(neutralised(city.value));
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
