/** Folds names, emails and phones in any script into one comparable Latin form for trigram search. */
import anyAscii from "any-ascii";

/** Lower-case Latin without diacritics: "Məmmədov" → "mammadov", "Мамедов" → "mamedov", "გიორგი" → "giorgi". */
export function foldText(value: string): string {
  // Azerbaijani ə is romanised as "a" (Məmmədov → Mammadov), not any-ascii's "e".
  // Armenian ու is one sound, "u" (Լուսինե → lusine), not any-ascii's letter-by-letter "ow".
  const prepared = value.normalize("NFC").replace(/[əƏ]/g, "a").replace(/ու/g, "u").replace(/Ու|ՈՒ/g, "U");
  return anyAscii(prepared).toLowerCase().replace(/\s+/g, " ").trim();
}

/** The stored search text of a record: each non-empty part folded, joined by spaces. */
export function toSearchText(parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .map(foldText)
    .join(" ");
}
