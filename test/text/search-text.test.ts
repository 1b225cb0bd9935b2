/** One searchable Latin form for names written in Azerbaijani Latin, Cyrillic, Georgian and Armenian. */
import { describe, expect, it } from "vitest";
import { foldText, toSearchText } from "../../src/text/search-text";

describe("foldText", () => {
  it("folds Məmmədov, MAMMADOV and mammadov alike", () => {
    expect(foldText("Məmmədov")).toBe("mammadov");
    expect(foldText("MAMMADOV")).toBe("mammadov");
    expect(foldText("mammadov")).toBe("mammadov");
  });

  it("folds upper-case Ə like lower-case ə", () => {
    expect(foldText("ƏLİYEV")).toBe(foldText("Əliyev"));
  });

  it("transliterates Cyrillic to Latin", () => {
    expect(foldText("Мамедов")).toBe("mamedov");
  });

  it("transliterates Georgian", () => {
    expect(foldText("გიორგი ბერიძე")).toBe("giorgi beridze");
  });

  it("transliterates Armenian, with ու as one u", () => {
    expect(foldText("Լուսինե")).toBe("lusine");
  });

  it("removes diacritics and squeezes spaces", () => {
    expect(foldText("  Şəki   Çələbi ")).toBe("saki calabi");
  });
});

describe("toSearchText", () => {
  it("folds each part and skips empty ones", () => {
    expect(toSearchText(["Məmmədov", "", null, "   ", undefined, "Мамедов"])).toBe("mammadov mamedov");
  });

  it("is empty when there is nothing to search", () => {
    expect(toSearchText([null, ""])).toBe("");
  });
});
