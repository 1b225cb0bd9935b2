/**
 * The text side of erasure (decision 24): the values that identify an erased person ("needles": each name spelling,
 * the email, the phone in the ways people write it), a matcher that finds them in any text, any case, as whole words,
 * and the rewriting of a stored import file with the person's lines blanked and their values replaced elsewhere.
 * Pure functions: the database side is in erasure.ts.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";
import Papa from "papaparse";
import { type Delimiter, detectDelimiter, detectLineBreak, type LineBreak } from "../imports/delimiter";

/** What an erased person's name becomes, and what their values become wherever else they were written. */
export const erasedPlaceholder = "—";

/** Shorter values are not looked for in other records' text: two letters would change other words. */
const shortestNeedle = 3;

export type Identity = {
  fullName: string;
  otherNames: readonly string[];
  email: string | null;
  phone: string | null;
};

/** A phone as it is stored (E.164) and as people write it: national and international formats, digits only. */
function phoneSpellings(phone: string): string[] {
  const spellings = [phone];
  const parsed = parsePhoneNumberFromString(phone);
  if (parsed) spellings.push(parsed.formatNational(), parsed.formatInternational());
  for (const spelling of [...spellings]) {
    const digits = spelling.replace(/\D/g, "");
    if (digits.length >= 7) spellings.push(digits);
  }
  return spellings;
}

function tidy(value: string): string {
  return value.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** The values to look for: each name spelling, the email, the phone's spellings; trimmed, each once. */
export function needlesOf(identities: readonly Identity[]): string[] {
  const found = new Set<string>();
  for (const person of identities) {
    // A name is looked for only as two words or more: a single word ("Ali") is also part of other people's names.
    const names = [person.fullName, ...person.otherNames].map(tidy).filter((name) => name.includes(" "));
    const values = [...names, tidy(person.email ?? "")];
    if (person.phone) values.push(...phoneSpellings(person.phone));
    for (const needle of values) {
      if (needle.length >= shortestNeedle && needle !== erasedPlaceholder) found.add(needle);
    }
  }
  return [...found];
}

/** A value as a URL carries it (a search in an address kept by the access log or an export's audit event). */
function urlSpellings(needle: string): string[] {
  const encoded = encodeURIComponent(needle);
  return encoded === needle ? [] : [encoded, encoded.replace(/%20/g, "+")];
}

const regexSpecial = /[.*+?^${}()|[\]\\/]/g;
// A needle is a whole word (or words): not inside a longer word or number.
const notWordBefore = "(?<![\\p{L}\\p{M}\\p{N}])";
const notWordAfter = "(?![\\p{L}\\p{M}\\p{N}])";

/** The needle as a pattern: its own characters, any run of spaces for a space; a phone's digits with any separators. */
function patternOf(needle: string): string {
  if (/^\+?[\d\s().-]+$/.test(needle)) {
    const digits = needle.replace(/\D/g, "");
    return `\\+?${[...digits].join("[\\s().-]*")}`;
  }
  return (
    needle
      .replace(regexSpecial, "\\$&")
      .replace(/ /g, "\\s+")
      // Azerbaijani (and Turkish) pair i with İ and ı with I, which a case-insensitive match does not know.
      .replace(/[iİ]/g, "[iİ]")
      .replace(/ı/g, "[ıI]")
  );
}

export type Matcher = {
  /** Whether the text holds any needle. */
  test: (text: string) => boolean;
  /** The text with every needle replaced by the placeholder. */
  replace: (text: string) => string;
  /**
   * A PostgreSQL regular expression (for `~*`) that every text holding a needle matches (some others too): to pick
   * the rows worth reading. It covers a value inside jsonb or an array as PostgreSQL writes them out (quotes and
   * backslashes escaped), and the cases a database that folds only ASCII would miss.
   */
  sqlPattern: string;
};

/** A word as an ARE matches it literally: every ASCII character but letters and digits escaped. */
const sqlLiteral = (word: string) =>
  word.replace(/[^\p{L}\p{N}\s]/gu, (char) => (char > "\x7f" ? char : `\\${char}`));

export function matcherFor(needles: readonly string[]): Matcher | null {
  const spellings = [...new Set(needles.flatMap((needle) => [needle, ...urlSpellings(needle)]))];
  if (spellings.length === 0) return null;
  // Longest first: an email is replaced whole before a name inside it.
  spellings.sort((a, b) => b.length - a.length);
  const source = `${notWordBefore}(?:${spellings.map(patternOf).join("|")})${notWordAfter}`;
  const everywhere = new RegExp(source, "giu");
  const once = new RegExp(source, "iu");
  const alternatives = new Set<string>();
  // The database's ILIKE may fold only ASCII (a "C" locale): the other cases are asked for as well.
  const cases = (text: string) => [
    text,
    text.toLocaleUpperCase("az"),
    text.toLocaleLowerCase("az"),
    text.toUpperCase(),
    text.toLowerCase(),
  ];
  for (const spelling of spellings.flatMap(cases)) {
    for (const written of [spelling, JSON.stringify(spelling).slice(1, -1)]) {
      // Words apart, so a name written with two spaces, or a phone with other separators, is still picked.
      const phone = /^\+?[\d\s().-]+$/.test(written);
      const words = phone ? written.split(/\D+/).filter(Boolean) : written.split(" ");
      alternatives.add(words.map(sqlLiteral).join(phone ? "[^0-9]{0,3}" : "\\s+"));
    }
  }
  return {
    test: (text) => once.test(text),
    replace: (text) => text.replace(everywhere, erasedPlaceholder),
    sqlPattern: [...alternatives].join("|"),
  };
}

/** Every string in a JSON value (keys too) with the needles replaced; the same value when nothing changed. */
export function replaceInJson(value: unknown, matcher: Matcher): unknown {
  if (typeof value === "string") return matcher.replace(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => replaceInJson(item, matcher));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (value !== null && typeof value === "object") {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const newKey = matcher.replace(key);
      const newItem = replaceInJson(item, matcher);
      if (newKey !== key || newItem !== item) changed = true;
      return [newKey, newItem];
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

const lineBreaksIn = (cell: string) => cell.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * A stored import's text with the lines numbered in `blank` emptied (each cell blank, its line breaks kept, so every
 * other line keeps its number and the reader skips the blank record) and the needles replaced in every other cell.
 * Lines are numbered as the importer numbers them (src/imports/table.ts): from 1, a quoted cell's line breaks
 * counting. Null when nothing changed.
 */
export function rewriteTable(
  text: string,
  options: { delimiter?: Delimiter; blank: ReadonlySet<number>; matcher: Matcher | null },
): string | null {
  const sample = text.slice(0, 64 * 1024);
  const delimiter = options.delimiter ?? detectDelimiter(sample);
  const newline: LineBreak = detectLineBreak(sample);
  const parsed = Papa.parse<string[]>(text, { delimiter, newline, quoteChar: '"', escapeChar: '"' });
  let line = 1;
  let changed = false;
  const records = parsed.data.map((cells) => {
    const first = line;
    for (const cell of cells) line += lineBreaksIn(cell);
    line++;
    if (options.blank.has(first)) {
      changed = true;
      return cells.map((cell) => newline.repeat(lineBreaksIn(cell)));
    }
    const { matcher } = options;
    if (!matcher) return cells;
    return cells.map((cell) => {
      const replaced = matcher.replace(cell);
      if (replaced !== cell) changed = true;
      return replaced;
    });
  });
  if (!changed) return null;
  return Papa.unparse(records, { delimiter, newline, quoteChar: '"', escapeChar: '"' });
}
