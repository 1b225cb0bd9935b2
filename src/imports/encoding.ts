/** Which encoding an uploaded table is in, guessed from its bytes, and its text in that encoding. */
import { isUtf8 } from "node:buffer";

export const encodings = [
  "utf-8",
  "utf-16le",
  "utf-16be",
  "windows-1251",
  "windows-1252",
  "windows-1254",
  "koi8-r",
  "x-mac-cyrillic",
] as const;
export type Encoding = (typeof encodings)[number];

function encodingFromBom(bytes: Uint8Array): Encoding | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

// The start of a file shows the pattern clearly; the rest would only cost time.
const utf16SampleBytes = 4096;

/**
 * UTF-16 without a BOM: delimiters, digits, spaces and line breaks are ASCII, so one byte of their pair is zero,
 * always the same one. Text in one-byte encodings and UTF-8 has no zero bytes at all, and binary data has them on
 * both sides. Even a file of Georgian or Cyrillic names has well over 5% ASCII characters between the letters;
 * a single zero byte is too little to go on.
 */
function utf16FromZeroBytes(bytes: Uint8Array): Encoding | undefined {
  const pairs = Math.floor(Math.min(bytes.length, utf16SampleBytes) / 2);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let pair = 0; pair < pairs; pair++) {
    if (bytes[2 * pair] === 0) evenZeros++;
    if (bytes[2 * pair + 1] === 0) oddZeros++;
  }
  const clearly = (many: number, few: number) => many >= Math.max(2, pairs * 0.05) && few * 20 <= many;
  if (clearly(oddZeros, evenZeros)) return "utf-16le";
  if (clearly(evenZeros, oddZeros)) return "utf-16be";
  return undefined;
}

/**
 * The one-byte code pages Excel and older software save in, in the order a tie goes: Western (Excel's default outside
 * the region), Azerbaijani Latin and Turkish, Cyrillic, and two older Cyrillic ones (Unix mail, classic Mac Office).
 * ISO-8859-9 is read as Windows-1254, as the Encoding Standard reads it: the same letters.
 */
export const singleByteEncodings = [
  "windows-1252",
  "windows-1254",
  "windows-1251",
  "koi8-r",
  "x-mac-cyrillic",
] as const satisfies readonly Encoding[];
export type SingleByteEncoding = (typeof singleByteEncodings)[number];

/** Other names an encoding is asked for by (the command line, a saved form). */
const aliases: Record<string, Encoding> = {
  "iso-8859-9": "windows-1254",
  latin5: "windows-1254",
  cp1254: "windows-1254",
  cp1251: "windows-1251",
  cp1252: "windows-1252",
  koi8: "koi8-r",
  maccyrillic: "x-mac-cyrillic",
};

/** The encoding a name stands for, or undefined for one Roundtable does not read. */
export function encodingNamed(name: string): Encoding | undefined {
  const lower = name.trim().toLowerCase();
  return encodings.find((encoding) => encoding === lower) ?? aliases[lower];
}

// Scoring a whole 50 MB file would take seconds; the lines holding non-ASCII bytes, up to this much, tell enough.
const scoredSampleBytes = 64 * 1024;

// A line longer than this is scored by its start: a file with no line breaks (or one long line) is not scored whole.
const scoredLineBytes = 1024;

/**
 * The lines (up to scoredSampleBytes of them, each up to scoredLineBytes) that hold a byte above ASCII: the only ones
 * the code pages read apart. A line ends at LF or CR, so old Mac files (CR only) have lines too.
 */
function linesWithHighBytes(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let kept = 0;
  let start = 0;
  while (start < bytes.length && kept < scoredSampleBytes) {
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    const line = bytes.subarray(start, Math.min(end, start + scoredLineBytes));
    if (line.some((byte) => byte >= 0x80)) {
      lines.push(line);
      kept += line.length;
    }
    start = end + 1;
  }
  return lines;
}

// Letters of the region's languages that a wrong code page turns into Icelandic or Serbian ones: a 1254 file read as
// 1252 shows ð þ ý Ý Ð Þ where it has ğ ş ı İ Ğ Ş; a Mac Cyrillic one read as 1251 shows Њ Ћ Џ and the like.
const regionLetters = new Set("əƏğĞışŞİçÇöÖüÜ");
const unlikelyLetters = new Set("ðÐþÞýÝђЂѓЃљЉњЊќЌћЋџЏўЎѕЅ");
// The ten letters that make up half of Russian and Azerbaijani Cyrillic text: a permuted reading (KOI8-R read as
// 1251, or the other way) has far fewer of them.
const frequentCyrillic = new Set("оеаинтсрвлОЕАИНТСРВЛ");
// Inside a word: hyphens, apostrophes and quotes are at home there, other symbols are not.
const wordPunctuation = /[\p{Pd}\p{Pi}\p{Pf}'.’‘`]/u;

const isLetter = (char: string) => /\p{L}/u.test(char);
const isUpper = (char: string) => char !== char.toLowerCase() && char === char.toUpperCase();
const isLower = (char: string) => char !== char.toUpperCase() && char === char.toLowerCase();
const scriptOf = (char: string) =>
  /\p{Script=Cyrillic}/u.test(char) ? "cyrillic" : /\p{Script=Latin}/u.test(char) ? "latin" : "other";

/**
 * How much a word read in some encoding looks like a word: its non-ASCII letters count for it, the region's letters
 * and the common Cyrillic ones a little more; symbols or control characters inside it, a lowercase letter followed by
 * an uppercase one, three accented Latin letters in a row ("Ìàìåäîâ" is "Мамедов" read as 1252), two scripts in one
 * word, and Icelandic or Serbian letters count against it.
 */
function wordScore(word: string): number {
  let score = 0;
  let flaws = 0;
  let accentedRun = 0;
  const scripts = new Set<string>();
  let previous = "";
  for (const char of word) {
    if (isLetter(char)) {
      scripts.add(scriptOf(char));
      if (isLower(previous) && isUpper(char)) flaws++;
      const accentedLatin = char > "\x7f" && scriptOf(char) === "latin";
      accentedRun = accentedLatin ? accentedRun + 1 : 0;
      if (accentedRun >= 3) flaws++;
      if (char > "\x7f") score++;
      if (regionLetters.has(char) || frequentCyrillic.has(char)) score += 0.5;
      if (unlikelyLetters.has(char)) flaws++;
    } else if (char > "\x7f" && !wordPunctuation.test(char)) {
      flaws++;
    }
    previous = char;
  }
  scripts.delete("other");
  if (scripts.size > 1) flaws++;
  return score - 3 * flaws;
}

/** The words of a text that hold something beyond ASCII (the rest read the same in every code page). */
function* nonAsciiWords(text: string): Generator<string> {
  for (const [word] of text.matchAll(/[^\s,;|"()<>[\]{}=:]+/g)) if (/[^\0-\x7f]/.test(word)) yield word;
}

/** A single character ("в", "à", "€") reads as something in every code page; it does not vote. */
const votes = (word: string) => word.length > 1;

function plausibility(lines: Uint8Array[], encoding: Encoding): number {
  const decoder = new TextDecoder(encoding);
  let score = 0;
  for (const line of lines)
    for (const word of nonAsciiWords(decodeLine(decoder, line))) if (votes(word)) score += wordScore(word);
  return score;
}

const decodeLine = (decoder: TextDecoder, line: Uint8Array) =>
  decoder.decode(line, { stream: true }) + decoder.decode();

/**
 * The one-byte encodings ranked by how well the file reads in each, best first: every candidate decodes the lines
 * that hold non-ASCII bytes, and the readings are scored word by word (wordScore). A tie keeps the order of
 * singleByteEncodings.
 */
export function rankSingleByteEncodings(bytes: Uint8Array): Encoding[] {
  // Reading one upload asks several times (the encoding, then the readings shown): it is scored once.
  const known = rankings.get(bytes);
  if (known) return known;
  const lines = linesWithHighBytes(bytes);
  const scored = singleByteEncodings.map((encoding, order) => ({
    encoding,
    order,
    score: plausibility(lines, encoding),
  }));
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const ranking = scored.map(({ encoding }) => encoding);
  rankings.set(bytes, ranking);
  return ranking;
}

const rankings = new WeakMap<Uint8Array, Encoding[]>();

export function isSingleByte(encoding: Encoding): boolean {
  return (singleByteEncodings as readonly Encoding[]).includes(encoding);
}

/**
 * The first line of the file that reads differently in the one-byte encodings, read in each (best first), so a
 * coordinator can see which one gives the names: a line of data where there is one (names tell more than headers),
 * else the header; none for a file with no such line.
 */
export function sampleReadings(bytes: Uint8Array): { encoding: Encoding; line: string }[] {
  const firstLineEnd = bytes.findIndex((byte) => byte === 0x0a || byte === 0x0d);
  const [dataLine] = firstLineEnd < 0 ? [] : linesWithHighBytes(bytes.subarray(firstLineEnd + 1));
  const line = dataLine ?? linesWithHighBytes(bytes)[0];
  if (!line) return [];
  const shown = line.subarray(0, 240);
  return rankSingleByteEncodings(bytes).map((encoding) => ({
    encoding,
    line: decodeLine(new TextDecoder(encoding), shown).replace(/\r$/, ""),
  }));
}

/** BOM first, then UTF-16 by its zero bytes, then valid UTF-8, then the one-byte code page the text reads best in. */
export function detectEncoding(bytes: Uint8Array): Encoding {
  // isUtf8 validates without decoding, so a 50 MB upload is not copied into a string just to be checked.
  return (
    encodingFromBom(bytes) ??
    utf16FromZeroBytes(bytes) ??
    (isUtf8(bytes) ? "utf-8" : (rankSingleByteEncodings(bytes)[0] as Encoding))
  );
}

/** The text of the bytes, without a BOM; undecodable bytes become U+FFFD rather than failing. */
export function decodeBytes(bytes: Uint8Array, encoding: Encoding): string {
  const decoder = new TextDecoder(encoding);
  // Node 20's one-shot decode of windows-1252 takes a Latin-1 shortcut (0x80 → U+0080 instead of €); the streaming
  // path maps the whole code page.
  return decoder.decode(bytes, { stream: true }) + decoder.decode();
}
