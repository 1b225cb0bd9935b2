/** Each imported cell becomes the value Roundtable stores, or a reason in the user's words; and whole rows. */
import { describe, expect, it } from "vitest";
import {
  communitiesServed,
  genders,
  organizationKinds,
  participationRoles,
  participationStatuses,
  stakeholderTypes,
} from "../../src/db/schema/enums";
import { limits } from "../../src/directory/limits";
import { az } from "../../src/i18n/az";
import { en } from "../../src/i18n/en";
import { ru } from "../../src/i18n/ru";
import { type FieldKey, type ImportKind, matchHeaders } from "../../src/imports/fields";
import { normalizeCell, rowValues } from "../../src/imports/normalize";
import { organizationSchema } from "../../src/organizations/validation";
import { personSchema } from "../../src/people/validation";

const cell = (key: FieldKey, raw: string, kind: ImportKind = "people", country: string | null = null) =>
  normalizeCell(kind, key, raw, { country });

describe("normalizeCell: text", () => {
  it("composes decomposed letters (NFC) and trims", () => {
    const decomposed = "  S\u0327\u0259ki, \u0415\u0308\u043b\u043a\u0438  ";
    const result = cell("notes", decomposed);
    expect(result).toEqual({ value: "\u015e\u0259ki, \u0401\u043b\u043a\u0438" });
  });

  it("refuses a name whose letter Excel turned into ?, notes it in a position, and leaves other question marks", () => {
    expect(cell("full_name", "M?mm?dov Elçin")).toEqual({ error: "import.lettersLost" });
    expect(cell("family_name", "Ə?liyeva")).toEqual({ error: "import.lettersLost" });
    expect(cell("name", "G?nc Liderl?r Birliyi", "organizations")).toEqual({ error: "import.lettersLost" });
    expect(cell("position", "Layihə r?hb?ri")).toEqual({
      value: "Layihə r?hb?ri",
      warning: "import.lettersLostKept",
    });
    expect(cell("full_name", "?liyev Elçin")).toEqual({ error: "import.lettersLost" });
    expect(cell("full_name", "Lal? Hüseynzad?")).toEqual({ error: "import.lettersLost" });
    expect(cell("full_name", "Elçin (?)")).toEqual({ value: "Elçin (?)" });
    expect(cell("notes", "Gələcək?Bəli")).toEqual({ value: "Gələcək?Bəli" });
  });

  it("refuses exactly what the forms refuse: one character over a limit they share", () => {
    const tooLong = (max: number) => "a".repeat(max + 1);
    const cases: [FieldKey, number, ImportKind][] = [
      ["full_name", limits.personName, "people"],
      ["name", limits.organizationName, "organizations"],
      ["city", limits.city, "people"],
      ["notes", limits.notes, "people"],
    ];
    for (const [key, max, kind] of cases) {
      expect(cell(key, "a".repeat(max), kind), key).toEqual({ value: "a".repeat(max) });
      expect(cell(key, tooLong(max), kind), key).toEqual({ error: "import.tooLong" });
    }
    const person = (values: Record<string, string>) =>
      personSchema.safeParse({ fullName: "A", stakeholderType: "other", ...values }).success;
    expect(person({ fullName: "a".repeat(limits.personName) })).toBe(true);
    expect(person({ fullName: tooLong(limits.personName) })).toBe(false);
    expect(person({ city: tooLong(limits.city) })).toBe(false);
    expect(person({ notes: tooLong(limits.notes) })).toBe(false);
    const organization = organizationSchema.safeParse({
      name: tooLong(limits.organizationName),
      kind: "ngo",
    });
    expect(organization.success).toBe(false);
  });

  it("collapses the spaces inside names, but keeps a note's line breaks", () => {
    expect(cell("full_name", " Ибрагимов \t  Фарид ")).toEqual({ value: "Ибрагимов Фарид" });
    expect(cell("name", "YEVLAKH  REFUGEE ASSOCIATION  ", "organizations")).toEqual({
      value: "YEVLAKH REFUGEE ASSOCIATION",
    });
    expect(cell("notes", "Две строки:\nвторая строка")).toEqual({ value: "Две строки:\nвторая строка" });
  });

  it("gives null for an empty or blank cell, and an empty list for a multi-value field", () => {
    expect(cell("full_name", "   ")).toEqual({ value: null });
    expect(cell("email", "")).toEqual({ value: null });
    expect(cell("gender", " ")).toEqual({ value: null });
    expect(cell("tags", "  ")).toEqual({ value: [] });
    expect(cell("communities", "", "organizations")).toEqual({ value: [] });
  });

  it("refuses a name longer than the form allows", () => {
    expect(cell("full_name", "Я".repeat(201))).toEqual({ error: "import.tooLong" });
    expect(cell("full_name", "Я".repeat(200))).toEqual({ value: "Я".repeat(200) });
  });
});

describe("normalizeCell: email", () => {
  it("lower-cases and trims an address", () => {
    expect(cell("email", "  MAKA.TSERETELI@SAMPLE.GE ")).toEqual({ value: "maka.tsereteli@sample.ge" });
  });

  it.each(["gunay@@sample.az", "farid.i", "@sample.az", "farid i@sample.az", "farid@sample"])(
    "refuses %s",
    (raw) => {
      expect(cell("email", raw)).toEqual({ error: "import.email" });
    },
  );
});

describe("normalizeCell: phone", () => {
  it("writes a national number in E.164 with the row's country", () => {
    expect(cell("phone", "012 490 11 11", "people", "AZ")).toEqual({ value: "+994124901111" });
    expect(cell("phone", "032 2 12 34 56", "people", "GE")).toEqual({ value: "+995322123456" });
  });

  it("reads an international number whatever the country", () => {
    expect(cell("phone", "+994 50 555 12 12", "people", "GE")).toEqual({ value: "+994505551212" });
  });

  it("keeps what it cannot read as written, with a warning", () => {
    expect(cell("phone", "ask  at reception")).toEqual({
      value: "ask at reception",
      warning: "import.phoneKept",
    });
    expect(cell("phone", "012 490 11 11")).toEqual({ value: "012 490 11 11", warning: "import.phoneKept" });
  });
});

describe("normalizeCell: country, website, birth year", () => {
  it.each([
    ["Azerbaijan", "AZ"],
    ["Азербайджан", "AZ"],
    ["Azərbaycan", "AZ"],
    ["Грузия", "GE"],
    ["საქართველო", "GE"],
    ["Հայաստան", "AM"],
    ["am", "AM"],
    ["AZE", "AZ"],
  ])("reads the country %s as %s", (raw, code) => {
    expect(cell("country", raw)).toEqual({ value: code });
  });

  it("refuses a country it does not know", () => {
    expect(cell("country", "Narnia")).toEqual({ error: "import.country" });
  });

  it("makes a link of a website and refuses what is not one", () => {
    expect(cell("website", "marneuli-cic.sample.ge", "organizations")).toEqual({
      value: "https://marneuli-cic.sample.ge",
    });
    expect(cell("website", "office@yra.sample.az", "organizations")).toEqual({ error: "import.website" });
    expect(cell("website", "javascript:alert(1)", "organizations")).toEqual({ error: "import.website" });
  });

  it("takes a year of birth from 1900 to this year", () => {
    const thisYear = new Date().getFullYear();
    expect(cell("birth_year", " 1985 ")).toEqual({ value: 1985 });
    expect(cell("birth_year", "1900")).toEqual({ value: 1900 });
    expect(cell("birth_year", String(thisYear))).toEqual({ value: thisYear });
    for (const raw of ["1899", String(thisYear + 1), "85", "1985.5", "about 1980", "12.03.1985"]) {
      expect(cell("birth_year", raw)).toEqual({ error: "import.birthYear" });
    }
  });
});

describe("normalizeCell: gender", () => {
  it.each([
    ["M", "male"],
    ["male", "male"],
    ["Man", "male"],
    ["м", "male"],
    ["Муж.", "male"],
    ["мужской", "male"],
    ["Kişi", "male"],
    ["kisi", "male"],
    ["K", "male"],
    ["F", "female"],
    ["Female", "female"],
    ["woman", "female"],
    ["Ж", "female"],
    ["жен", "female"],
    ["Женский", "female"],
    ["qadın", "female"],
    ["Q", "female"],
    ["Other", "other"],
    ["Digər", "other"],
  ])("reads %s as %s", (raw, gender) => {
    expect(cell("gender", raw)).toEqual({ value: gender });
  });

  it.each(["X", "unknown", "?", "мж"])("refuses %s", (raw) => {
    expect(cell("gender", raw)).toEqual({ error: "import.gender" });
  });
});

/** Every key and its label in each catalogue is read back as the key. */
function labelsOf(prefix: string, keys: readonly string[]): [string, string][] {
  return keys.flatMap((key) =>
    [key, ...[en, ru, az].map((catalogue) => String(catalogue[`${prefix}.${key}` as keyof typeof en]))].map(
      (label): [string, string] => [label, key],
    ),
  );
}

describe("normalizeCell: vocabularies", () => {
  it.each(labelsOf("stakeholderType", stakeholderTypes))(
    "reads the stakeholder type %s as %s",
    (raw, key) => {
      expect(cell("stakeholder_type", raw)).toEqual({ value: key });
    },
  );

  it.each(labelsOf("orgKind", organizationKinds))("reads the organisation type %s as %s", (raw, key) => {
    expect(cell("type", raw, "organizations")).toEqual({ value: key });
  });

  it.each(labelsOf("participationRole", participationRoles))("reads the role %s as %s", (raw, key) => {
    expect(cell("role", raw, "participants")).toEqual({ value: key });
  });

  it.each(labelsOf("participationStatus", participationStatuses))("reads the status %s as %s", (raw, key) => {
    expect(cell("status", raw, "participants")).toEqual({ value: key });
  });

  it.each(labelsOf("community", communitiesServed))("reads the community %s as %s", (raw, key) => {
    expect(cell("communities", raw, "organizations")).toEqual({ value: [key] });
  });

  it.each(labelsOf("gender", genders))("reads the gender %s as %s", (raw, key) => {
    expect(cell("gender", raw)).toEqual({ value: key });
  });

  it("reads the abbreviations partners write", () => {
    const types = ["NGO", "НПО", "НКО", "QHT", "ОО", "ngo", "Government", "Госорган", "Dövlət", "Parliament"];
    expect(
      types
        .concat(["Парламент", "Milli Məclis", "Community organisation"])
        .map((raw) => cell("type", raw, "organizations")),
    ).toEqual(
      ["ngo", "ngo", "ngo", "ngo", "ngo", "ngo", "government", "government", "government", "parliament"]
        .concat(["parliament", "parliament", "community_group"])
        .map((value) => ({ value })),
    );
    expect(cell("stakeholder_type", "MP")).toEqual({ value: "parliamentarian" });
    expect(cell("stakeholder_type", "Депутат")).toEqual({ value: "parliamentarian" });
    expect(cell("stakeholder_type", "NGO")).toEqual({ value: "ngo_representative" });
    expect(cell("status", "came", "participants")).toEqual({ value: "attended" });
    expect(cell("status", "присутствовал", "participants")).toEqual({ value: "attended" });
    expect(cell("status", "iştirak etdi", "participants")).toEqual({ value: "attended" });
    expect(cell("status", "Не пришла", "participants")).toEqual({ value: "no_show" });
    expect(cell("role", "Moderator", "participants")).toEqual({ value: "facilitator" });
    expect(cell("role", "Спикер", "participants")).toEqual({ value: "speaker" });
  });

  it("refuses what is none of them", () => {
    expect(cell("type", "Space agency", "organizations")).toEqual({ error: "import.organizationType" });
    expect(cell("stakeholder_type", "Astronaut")).toEqual({ error: "import.stakeholderType" });
    expect(cell("role", "Chef", "participants")).toEqual({ error: "import.role" });
    expect(cell("status", "maybe", "participants")).toEqual({ error: "import.status" });
  });
});

describe("normalizeCell: multi-value fields", () => {
  it("splits on semicolons and commas, trims, drops blanks and repeats", () => {
    expect(cell("tags", " donor ;; partner, donor ,  ")).toEqual({ value: ["donor", "partner"] });
    expect(cell("sectors", "Legal aid; Housing", "organizations")).toEqual({
      value: ["Legal aid", "Housing"],
    });
    expect(cell("languages", "Azerbaijani, Russian;English")).toEqual({
      value: ["Azerbaijani", "Russian", "English"],
    });
  });

  it("reads each community, in any language, once", () => {
    expect(cell("communities", "Refugees; IDPs", "organizations")).toEqual({ value: ["refugees", "idps"] });
    expect(cell("communities", "ВПЛ, Беженцы, Нацменьшинства, IDP", "organizations")).toEqual({
      value: ["idps", "refugees", "national_minorities"],
    });
    expect(cell("communities", "Qaçqınlar; Məcburi köçkünlər; National minorities", "organizations")).toEqual(
      {
        value: ["refugees", "idps", "national_minorities"],
      },
    );
  });

  it("refuses a list with an item it does not know", () => {
    expect(cell("communities", "Refugees; Astronauts", "organizations")).toEqual({
      error: "import.community",
    });
  });
});

describe("rowValues", () => {
  const ruHeaders = ["Фамилия Имя", "Организация", "Моб. телефон", "Эл. почта", "Страна", "Пол"];
  const ruMapping = matchHeaders("people", ruHeaders);

  it("reads a Russian row, its phone with the row's country", () => {
    const row = ["Насибов  Тофиг", "Милли Меджлис", "012 490 11 11", "", "Азербайджан", "М"];
    expect(rowValues("people", ruMapping, row, ruHeaders)).toEqual({
      values: {
        full_name: "Насибов Тофиг",
        organization: "Милли Меджлис",
        phone: "+994124901111",
        email: null,
        country: "AZ",
        gender: "male",
      },
      errors: [],
      warnings: [],
    });
  });

  it("warns about a phone it keeps as written", () => {
    const row = ["Ибрагимов Фарид", "", "спросить в офисе", "", "Азербайджан", "М"];
    const result = rowValues("people", ruMapping, row, ruHeaders);
    expect(result.errors).toEqual([]);
    expect(result.values.phone).toBe("спросить в офисе");
    expect(result.warnings).toEqual([{ column: 2, message: "import.phoneKept" }]);
  });

  it("refuses a bad email on its column, naming the header", () => {
    const row = [
      "Оруджева Гюнай",
      "Шекинский молодежный клуб",
      "+994 55 000 00 01",
      "gunay@@sample.az",
      "",
      "Ж",
    ];
    const result = rowValues("people", ruMapping, row, ruHeaders);
    expect(result.errors).toEqual([{ column: 3, header: "Эл. почта", message: "import.email" }]);
    expect(result.values).not.toHaveProperty("email");
  });

  it("builds the full name from given and family names", () => {
    const mapping = matchHeaders("people", ["Имя", "Фамилия", "Email"]);
    expect(rowValues("people", mapping, ["Фарид", "Ибрагимов", ""]).values.full_name).toBe("Фарид Ибрагимов");
    expect(rowValues("people", mapping, ["", "Ибрагимов", ""]).values.full_name).toBe("Ибрагимов");
  });

  it("keeps a full name that is given over the parts", () => {
    const mapping = matchHeaders("people", ["ФИО", "Имя", "Фамилия"]);
    expect(
      rowValues("people", mapping, ["Ибрагимов Фарид Рауф оглу", "Фарид", "Ибрагимов"]).values.full_name,
    ).toBe("Ибрагимов Фарид Рауф оглу");
  });

  it("refuses a row without a name on the name's column", () => {
    const headers = ["Name", "Type", "Country"];
    const mapping = matchHeaders("organizations", headers);
    expect(rowValues("organizations", mapping, ["", "NGO", "Armenia"], headers).errors).toEqual([
      { column: 0, header: "Name", message: "import.nameMissing" },
    ]);
    expect(rowValues("people", ruMapping, ["  ", "Милли Меджлис", "", "", "", ""]).errors).toEqual([
      { column: 0, message: "import.nameMissing" },
    ]);
    const parts = matchHeaders("people", ["Email", "Имя", "Фамилия"]);
    expect(rowValues("people", parts, ["a@b.az", "", ""]).errors).toEqual([
      { column: 1, message: "import.nameMissing" },
    ]);
  });

  it("refuses every row when the name is not mapped at all (column -1)", () => {
    const mapping = matchHeaders("participants", ["Email", "Role"]);
    expect(rowValues("participants", mapping, ["a@b.az", "speaker"]).errors).toEqual([
      { column: -1, message: "import.nameMissing" },
    ]);
  });

  it("collects every refused value of a row, and reads short rows as empty cells", () => {
    const headers = ["Name", "Type", "Country", "Website", "Communities served"];
    const mapping = matchHeaders("organizations", headers);
    const result = rowValues("organizations", mapping, ["Unknown Kind Org", "Space agency", "Mars", "x"]);
    expect(result.errors.map((error) => [error.column, error.message])).toEqual([
      [1, "import.organizationType"],
      [2, "import.country"],
      [3, "import.website"],
    ]);
    expect(result.values).toEqual({ name: "Unknown Kind Org", communities: [] });
  });

  it("joins the lists of two columns a saved mapping gives one field, and keeps a single value's first", () => {
    const mapping: FieldKey[] = ["full_name", "tags", "tags", "email", "email"];
    const result = rowValues("people", mapping, ["A", "x; y", "y, z", "", "b@c.az"]);
    expect(result.values).toEqual({ full_name: "A", tags: ["x", "y", "z"], email: "b@c.az" });
  });
});
