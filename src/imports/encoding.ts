/** Which of the five encodings an uploaded table is in, guessed from its bytes, and its text in that encoding. */
import { isUtf8 } from "node:buffer";

export const encodings = ["utf-8", "utf-16le", "utf-16be", "windows-1251", "windows-1252"] as const;
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

const isAsciiLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

// Bytes that are letters in both code pages: 0xC0–0xFF (А–я / À–ÿ), Ё ё / ¨ ¸, Ј ј / £ ¼, and Љ Њ Ћ Џ љ њ ћ џ /
// Š Œ Ž š œ ž Ÿ. A symbol among them (£, ×) just rarely sits inside a word, so it hardly ever votes.
const highLetters = new Set([0x8a, 0x8c, 0x8e, 0x9a, 0x9c, 0x9e, 0x9f, 0xa3, 0xa8, 0xb8, 0xbc]);
const isHighLetter = (byte: number | undefined) =>
  byte !== undefined && (byte >= 0xc0 || highLetters.has(byte));

/**
 * Windows-1251 or -1252, from how the non-ASCII letters sit in words. A Cyrillic word is made of such bytes only
 * ("Мамедов"), so they stand next to each other; a Western word has one accented letter among ASCII ones
 * ("José", "Müller", "François"), so it touches an ASCII letter. Each non-ASCII letter votes for what its neighbours
 * show; a one-letter word ("в", "à") does not vote. With no votes either way, 1252, Excel's default outside
 * Cyrillic locales; the wizard lets people change it.
 */
function singleByteEncoding(bytes: Uint8Array): Encoding {
  let cyrillicVotes = 0;
  let westernVotes = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    if (!isHighLetter(byte)) continue;
    const before = bytes[index - 1] ?? 0;
    const after = bytes[index + 1] ?? 0;
    if (isAsciiLetter(before) || isAsciiLetter(after)) westernVotes++;
    else if (isHighLetter(before) || isHighLetter(after)) cyrillicVotes++;
  }
  return cyrillicVotes > westernVotes ? "windows-1251" : "windows-1252";
}

/** BOM first, then UTF-16 by its zero bytes, then valid UTF-8, then Windows-1251 or -1252 by their letters. */
export function detectEncoding(bytes: Uint8Array): Encoding {
  // isUtf8 validates without decoding, so a 50 MB upload is not copied into a string just to be checked.
  return (
    encodingFromBom(bytes) ??
    utf16FromZeroBytes(bytes) ??
    (isUtf8(bytes) ? "utf-8" : singleByteEncoding(bytes))
  );
}

/** The text of the bytes, without a BOM; undecodable bytes become U+FFFD rather than failing. */
export function decodeBytes(bytes: Uint8Array, encoding: Encoding): string {
  const decoder = new TextDecoder(encoding);
  // Node 20's one-shot decode of windows-1252 takes a Latin-1 shortcut (0x80 → U+0080 instead of €); the streaming
  // path maps the whole code page.
  return decoder.decode(bytes, { stream: true }) + decoder.decode();
}
