/** Phone numbers as typed or imported, turned into E.164 so the same number is stored and matched one way. */
import {
  type CountryCode,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from "libphonenumber-js";

export type NormalizedPhone = { value: string; parsed: boolean };

// Azerbaijan, Georgia and Armenia dialled 8 before the area code in Soviet times and some people still write it
// ("8 (012) 498 76 54", "8 050 …"); the library only knows today's trunk prefix 0 there.
const oldTrunkPrefixCountries = new Set(["AZ", "GE", "AM"]);

function parse(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  // The whole field must be the number: extracting one from "050 … or 012 …" would silently drop the other.
  return parsePhoneNumberFromString(text, { defaultCountry: country, extract: false });
}

/** The number without the old trunk prefix 8, when that leaves a valid national number of the record's country. */
function withoutOldTrunkPrefix(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  if (!country || !oldTrunkPrefixCountries.has(country) || !text.startsWith("8")) return undefined;
  const retried = parse(text.slice(1).trimStart(), country);
  // Only a valid number counts: a merely possible one could be a foreign number that really starts with 8.
  return retried?.isValid() && retried.country === country ? retried : undefined;
}

/**
 * The numbers read lately, by country and text, each also under the value it gave: a normalised value read again
 * gives itself, and the import reads every phone twice (once as a cell, once through the form's own schema).
 */
const recentlyRead = new Map<string, NormalizedPhone>();
const recentlyReadBound = 1_000;

/**
 * "(012) 498-76-54" with AZ → { value: "+994124987654", parsed: true }. What is not a number (a note, two numbers,
 * an extension, which E.164 cannot hold) comes back as written, spaces tidied, with parsed: false, so nothing is lost.
 */
export function normalizePhone(raw: string, defaultCountry?: string): NormalizedPhone {
  const text = raw.trim().replace(/\s+/g, " ");
  if (text === "") return { value: text, parsed: false };
  const upper = defaultCountry?.trim().toUpperCase();
  const country = upper && isSupportedCountry(upper) ? upper : undefined;
  const known = recentlyRead.get(`${country ?? ""} ${text}`);
  if (known) return { ...known };
  const read = readPhone(text, country);
  if (recentlyRead.size >= recentlyReadBound) recentlyRead.clear();
  recentlyRead.set(`${country ?? ""} ${text}`, read);
  recentlyRead.set(`${country ?? ""} ${read.value}`, read);
  return { ...read };
}

/** A tidied, non-empty text read as a number, uncached. */
export function readPhone(text: string, country: CountryCode | undefined): NormalizedPhone {
  const asWritten = { value: text, parsed: false };
  const direct = parse(text, country);
  if (direct?.ext) return asWritten;
  if (direct?.isValid()) return { value: direct.number, parsed: true };
  const old = withoutOldTrunkPrefix(text, country);
  if (old) return { value: old.number, parsed: true };
  if (direct?.isPossible()) return { value: direct.number, parsed: true };
  return asWritten;
}
