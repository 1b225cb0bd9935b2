/** The headers of real partner files are matched to the import's fields, whatever language or spelling they use. */
import { describe, expect, it } from "vitest";
import { az } from "../../src/i18n/az";
import { en } from "../../src/i18n/en";
import { ru } from "../../src/i18n/ru";
import {
  type FieldKey,
  fieldKeys,
  foldLabel,
  headerSynonyms,
  importKinds,
  isMultiValue,
  matchHeaders,
} from "../../src/imports/fields";
import { fixtureBytes } from "../fixtures/imports/files";

/** The first line of a fixture, decoded as the sender's spreadsheet saved it. */
function headerLine(file: string, encoding: string, delimiter: string): string[] {
  const text = new TextDecoder(encoding).decode(fixtureBytes(file));
  return (text.split(/\r?\n/)[0] ?? "").split(delimiter);
}

describe("fieldKeys", () => {
  it("lists each kind's fields (people's with each purpose's consent), participants being people plus role and status", () => {
    expect(fieldKeys("people")).toEqual([
      "full_name",
      "given_name",
      "family_name",
      "email",
      "phone",
      "gender",
      "birth_year",
      "stakeholder_type",
      "organization",
      "position",
      "city",
      "country",
      "languages",
      "tags",
      "notes",
      "consent_participation",
      "consent_contact",
      "consent_photos",
      "consent_donor_sharing",
      "consent_date",
      "consent_method",
    ]);
    expect(fieldKeys("organizations")).toEqual([
      "name",
      "type",
      "country",
      "city",
      "address",
      "website",
      "email",
      "phone",
      "sectors",
      "communities",
      "tags",
      "notes",
    ]);
    expect(fieldKeys("participants")).toEqual([...fieldKeys("people"), "role", "status"]);
  });

  it("knows which fields hold several values", () => {
    const all = [...new Set(importKinds.flatMap((kind) => fieldKeys(kind)))];
    expect(all.filter(isMultiValue).sort()).toEqual(["communities", "languages", "sectors", "tags"]);
  });

  it("gives every field a label in the three languages", () => {
    for (const kind of importKinds) {
      for (const key of fieldKeys(kind)) {
        for (const catalogue of [en, ru, az]) expect(catalogue[`importField.${key}`]).toBeTruthy();
      }
    }
  });

  it.each(importKinds)("has no header naming two %s fields", (kind) => {
    const fieldsOf = new Map<string, Set<FieldKey>>();
    for (const key of fieldKeys(kind)) {
      const labels = [en, ru, az].map((catalogue) => String(catalogue[`importField.${key}`]));
      for (const header of [key, ...labels, ...headerSynonyms(key)]) {
        const folded = foldLabel(header);
        fieldsOf.set(folded, (fieldsOf.get(folded) ?? new Set()).add(key));
      }
    }
    const shared = [...fieldsOf].filter(([, keys]) => keys.size > 1).map(([header]) => header);
    expect(shared).toEqual([]);
  });
});

describe("matchHeaders on the sample files", () => {
  it("maps the Russian Excel people list (Windows-1251, semicolons)", () => {
    const headers = headerLine("people_ru_cp1251_semicolon.csv", "windows-1251", ";");
    expect(headers[0]).toBe("Фамилия Имя");
    expect(matchHeaders("people", headers)).toEqual([
      "full_name",
      "organization",
      "position",
      "phone",
      "email",
      "city",
      "country",
      "gender",
      "notes",
    ]);
  });

  it("maps the UTF-16 sign-in sheet as participants", () => {
    const headers = headerLine("attendance_utf16_tab.txt", "utf-16le", "\t");
    expect(headers).toEqual(["Name", "Organisation", "Email", "Role"]);
    expect(matchHeaders("participants", headers)).toEqual(["full_name", "organization", "email", "role"]);
  });

  it("maps the organisations list, where Name is the organisation's name (BOM dropped)", () => {
    const headers = headerLine("organizations_utf8_bom.csv", "utf-8", ",");
    expect(matchHeaders("organizations", headers)).toEqual([
      "name",
      "type",
      "country",
      "city",
      "website",
      "email",
      "phone",
      "sectors",
      "communities",
      "notes",
    ]);
  });
});

describe("matchHeaders", () => {
  it("reads Azerbaijani headers, with or without Azerbaijani letters", () => {
    expect(
      matchHeaders("people", [
        "Ad, soyad",
        "Təşkilat",
        "Vəzifə",
        "Telefon",
        "E-poçt",
        "Şəhər",
        "Ölkə",
        "Cins",
      ]),
    ).toEqual(["full_name", "organization", "position", "phone", "email", "city", "country", "gender"]);
    expect(matchHeaders("people", ["Adı, soyadı", "Teskilat", "Vezife", "Mobil", "Seher", "Qeyd"])).toEqual([
      "full_name",
      "organization",
      "position",
      "phone",
      "city",
      "notes",
    ]);
    // As Excel writes them in Windows-1254, which has no ə: "e" or "?" in its place.
    expect(matchHeaders("people", ["Ad Soyad", "T?şkilat", "Attended?"])).toEqual([
      "full_name",
      "organization",
      null,
    ]);
    expect(matchHeaders("people", ["Teşkilat", "V?zif?", "Ölke", "Şeher", "Elaqe nömresi"])).toEqual([
      "organization",
      "position",
      "country",
      "city",
      "phone",
    ]);
    expect(matchHeaders("organizations", ["Təşkilatın adı", "Növ", "Veb-sayt", "Ünvan"])).toEqual([
      "name",
      "type",
      "website",
      "address",
    ]);
  });

  it("ignores case, spacing, punctuation, ё and brackets", () => {
    expect(
      matchHeaders("people", [
        "  ФИО ",
        "E MAIL",
        "эл.почта",
        "Населенный пункт",
        "Пол (М/Ж)",
        "ORGANIZATION",
      ]),
    ).toEqual(["full_name", "email", null, "city", "gender", "organization"]);
  });

  it("matches the field keys themselves, as the CLI and saved mappings write them", () => {
    expect(
      matchHeaders("participants", ["full_name", "birth_year", "stakeholder_type", "role", "status"]),
    ).toEqual(["full_name", "birth_year", "stakeholder_type", "role", "status"]);
  });

  it("reads given and family names apart, and 'Name' by the kind of import", () => {
    expect(matchHeaders("people", ["Имя", "Фамилия", "Name"])).toEqual([
      "given_name",
      "family_name",
      "full_name",
    ]);
    expect(matchHeaders("organizations", ["Name", "Type"])).toEqual(["name", "type"]);
    expect(matchHeaders("people", ["Type"])).toEqual(["stakeholder_type"]);
  });

  it("fills a field from its first column only", () => {
    expect(matchHeaders("people", ["Email", "Phone", "E-mail", "Mobile", "Телефон"])).toEqual([
      "email",
      "phone",
      null,
      null,
      null,
    ]);
  });

  it("ignores headers it does not know and fields of another kind", () => {
    expect(matchHeaders("people", ["№", "", "Signature", "Подпись", "Website", "Role"])).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(matchHeaders("organizations", ["Position", "Gender"])).toEqual([null, null]);
  });
});
