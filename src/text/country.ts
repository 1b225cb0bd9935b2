/** Country codes from what people type (codes or names in five languages) and country names for display. */
// The package's Node entry registers all ~80 languages; its plain entry plus the five we need keeps the bundle small.
import {
  getAlpha2Codes,
  getName,
  getNames,
  isValid,
  registerLocale,
  toAlpha2,
} from "i18n-iso-countries/index.js";
import az from "i18n-iso-countries/langs/az.json" with { type: "json" };
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import hy from "i18n-iso-countries/langs/hy.json" with { type: "json" };
import ka from "i18n-iso-countries/langs/ka.json" with { type: "json" };
import ru from "i18n-iso-countries/langs/ru.json" with { type: "json" };
import type { Locale } from "../i18n";

// Names are recognised in the languages of the region (Georgian and Armenian too), shown in the UI's languages.
const nameLocales = [en, ru, az, ka, hy];
for (const data of nameLocales) registerLocale(data);

/** The programme's countries, offered first. */
const programmeCountries = ["AZ", "GE", "AM"];

/** One comparable form: case, NFC/NFD, diacritics, dots ("U.S.A.") and punctuation ("Korea, Republic of") ignored. */
function foldName(value: string): string {
  return (
    value
      .normalize("NFC")
      .toLowerCase()
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      // ə and ı are letters of their own, but people without an Azerbaijani keyboard type e and i.
      .replace(/ə/g, "e")
      .replace(/ı/g, "i")
      .replace(/\./g, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()
  );
}

let nameIndex: Map<string, string | null> | undefined;

/** Folded name → alpha-2, or null when the name belongs to two countries ("Congo"). */
function names(): Map<string, string | null> {
  if (nameIndex) return nameIndex;
  nameIndex = new Map();
  for (const { locale } of nameLocales) {
    for (const [code, all] of Object.entries(getNames(locale, { select: "all" }))) {
      for (const name of all) {
        const key = foldName(name);
        const known = nameIndex.get(key);
        nameIndex.set(key, known === undefined || known === code ? code : null);
      }
    }
  }
  return nameIndex;
}

/** "Azərbaycan", "Грузия", "Հայաստան", "am", "AZE" → "AZ", "GE", "AM", "AM", "AZ"; null when unknown or ambiguous. */
export function countryCode(input: string): string | null {
  const trimmed = input.normalize("NFC").trim();
  // Codes first: "UK" is no ISO code, so it falls through to the names, where it is an alias of GB.
  if (/^[a-z]{2,3}$/i.test(trimmed) && isValid(trimmed)) return toAlpha2(trimmed.toUpperCase()) ?? null;
  if (trimmed === "") return null;
  return names().get(foldName(trimmed)) ?? null;
}

/** The country's name in the UI language, else in English, else the code as given. */
export function countryName(code: string, locale: Locale): string {
  const upper = code.trim().toUpperCase();
  return getName(upper, locale) ?? getName(upper, "en") ?? code;
}

const optionsByLocale = new Map<Locale, { code: string; name: string }[]>();

/** Every country for a <select>: the programme's three first, then the rest in the language's alphabetical order. */
export function countryOptions(locale: Locale): { code: string; name: string }[] {
  let options = optionsByLocale.get(locale);
  if (!options) {
    const collator = new Intl.Collator(locale);
    const rest = Object.keys(getAlpha2Codes())
      .filter((code) => !programmeCountries.includes(code))
      .map((code) => ({ code, name: countryName(code, locale) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    options = [...programmeCountries.map((code) => ({ code, name: countryName(code, locale) })), ...rest];
    optionsByLocale.set(locale, options);
  }
  // A copy, so a caller that reorders or filters its list cannot change the next caller's.
  return options.map((option) => ({ ...option }));
}
