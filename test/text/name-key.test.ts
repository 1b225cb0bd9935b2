/** The loose name key that pairs spellings of one name for the possible-duplicates page. */
import { describe, expect, it } from "vitest";
import { nameKey } from "../../src/text/name-key";

describe("nameKey", () => {
  it("gives the same key to one name in Azerbaijani Latin, Cyrillic and English spelling, in any word order", () => {
    const key = nameKey("Elçin Məmmədov");
    expect(nameKey("Мамедов Эльчин")).toBe(key);
    expect(nameKey("Elchin Mammadov")).toBe(key);
    expect(nameKey("ELCHIN  MAMEDOV")).toBe(key);
  });

  it("pairs the usual transliteration variants: ş/sh, x/kh, q/g/k, c/dzh, -iyev/-iev, doubled letters", () => {
    const pairs = [
      ["Şükürov", "Шукюров"],
      ["Xəlilova", "Халилова"],
      ["Qasımov", "Гасымов"],
      ["Cavadov", "Джавадов"],
      ["Quliyev", "Кулиев"],
      ["Ülviyyə", "Ульвия"],
      ["Hüseynov", "Гусейнов"],
    ];
    for (const [latin, cyrillic] of pairs)
      expect(nameKey(cyrillic ?? ""), `${latin} / ${cyrillic}`).toBe(nameKey(latin ?? ""));
  });

  it("pairs Georgian and Armenian names with their Latin spellings", () => {
    expect(nameKey("გიორგი ბერიძე")).toBe(nameKey("Giorgi Beridze"));
    expect(nameKey("Արամ Պետրոսյան")).toBe(nameKey("Aram Petrosyan"));
  });

  it("keeps different names apart, and gives no key to a name without letters", () => {
    expect(nameKey("Aram Petrosyan")).not.toBe(nameKey("Aram Sargsyan"));
    expect(nameKey("Leyla Əliyeva")).not.toBe(nameKey("Leyla Quliyeva"));
    expect(nameKey("123 — !")).toBe("");
  });
});
