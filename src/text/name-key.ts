/**
 * A loose key for spotting the same name written differently: "Elçin Məmmədov", "Мамедов Эльчин" and
 * "Elchin Mamedov" share one. Built on the folded Latin form: common transliteration variants made alike
 * (sh/ş, ch/ç, kh/x/h, dzh/c/j, q/k/g), vowels after the first letter and doubled letters dropped, words sorted.
 * It only proposes pairs for the possible-duplicates page; people decide.
 */
import { remembered } from "./remembered";
import { foldText } from "./search-text";

const variants: [RegExp, string][] = [
  [/dzh|dj|zh|j/g, "c"],
  [/ch|tsh/g, "c"],
  [/sh|sch/g, "s"],
  [/kh|x|h|q|k/g, "g"],
  [/ts/g, "c"],
  [/ph/g, "f"],
  [/w/g, "v"],
];

function wordKey(word: string): string {
  let key = word.replace(/[^a-z]/g, "");
  for (const [pattern, replacement] of variants) key = key.replace(pattern, replacement);
  const [first = "", ...rest] = key;
  return (first + rest.join("").replace(/[aeiouy]/g, "")).replace(/(.)\1+/g, "$1");
}

/** Remembered: an import asks for the same names several times, and the duplicates page for thousands. */
export const nameKey = remembered(looseKey);

function looseKey(name: string): string {
  return foldText(name).split(" ").map(wordKey).filter(Boolean).sort().join(" ");
}

/** Whether the typed text is in a name: as written in any script, or as the same name words spelled another way. */
export function nameHas(name: string, typed: string): boolean {
  const folded = foldText(typed);
  if (folded === "") return false;
  if (foldText(name).includes(folded)) return true;
  const words = nameKey(typed).split(" ").filter(Boolean);
  const own = new Set(nameKey(name).split(" "));
  return words.length > 0 && words.every((word) => own.has(word));
}
