/** Country codes from what people type in five languages, and country names for display. */
import { describe, expect, it } from "vitest";
import { countryCode, countryName, countryOptions } from "../../src/text/country";

describe("countryCode", () => {
  it.each([
    ["Azerbaijan", "AZ"],
    ["Азербайджан", "AZ"],
    ["Azərbaycan", "AZ"],
    ["აზერბაიჯანი", "AZ"],
    ["Ադրբեջան", "AZ"],
    ["Georgia", "GE"],
    ["Грузия", "GE"],
    ["Gürcüstan", "GE"],
    ["საქართველო", "GE"],
    ["Վրաստան", "GE"],
    ["Armenia", "AM"],
    ["Армения", "AM"],
    ["Ermənistan", "AM"],
    ["სომხეთი", "AM"],
    ["Հայաստան", "AM"],
  ])("reads %s as %s", (input, code) => {
    expect(countryCode(input)).toBe(code);
  });

  it("reads alpha-2 and alpha-3 codes in any case", () => {
    expect(countryCode("AZ")).toBe("AZ");
    expect(countryCode("az")).toBe("AZ");
    expect(countryCode("aze")).toBe("AZ");
    expect(countryCode("GEO")).toBe("GE");
    expect(countryCode("arm")).toBe("AM");
  });

  it("reads the alternative names the package lists", () => {
    expect(countryCode("Russia")).toBe("RU");
    expect(countryCode("Российская Федерация")).toBe("RU");
    expect(countryCode("Россия")).toBe("RU");
    expect(countryCode("Turkey")).toBe("TR");
    expect(countryCode("Türkiye")).toBe("TR");
    expect(countryCode("Türkiyə")).toBe("TR");
    expect(countryCode("UK")).toBe("GB");
    expect(countryCode("U.S.A.")).toBe("US");
  });

  it("ignores case, surrounding spaces, diacritics and punctuation", () => {
    expect(countryCode("  AZERBAIJAN ")).toBe("AZ");
    expect(countryCode("АРМЕНИЯ")).toBe("AM");
    expect(countryCode("ՀԱՅԱՍՏԱՆ")).toBe("AM");
    expect(countryCode("ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ")).toBe("GE");
    expect(countryCode("Gurcustan")).toBe("GE");
    expect(countryCode("Ermenistan")).toBe("AM");
    expect(countryCode("Azerbaycan")).toBe("AZ");
    expect(countryCode("Turkiye")).toBe("TR");
    expect(countryCode("Korea Republic of")).toBe("KR");
    expect(countryCode("Cote d’Ivoire")).toBe("CI");
  });

  it("compares the NFC and decomposed spellings alike", () => {
    expect(countryCode("Gu\u0308rcu\u0308stan")).toBe("GE");
    expect(countryCode("Gu\u0308rcu\u0308stan".normalize("NFC"))).toBe("GE");
  });

  it("returns null for unknown names, unassigned codes and blanks", () => {
    expect(countryCode("Atlantis")).toBeNull();
    expect(countryCode("XX")).toBeNull();
    expect(countryCode("ZZZ")).toBeNull();
    expect(countryCode("")).toBeNull();
    expect(countryCode("   ")).toBeNull();
  });

  it("returns null for a name two countries share rather than guessing", () => {
    expect(countryCode("Congo")).toBeNull();
    expect(countryCode("Republic of the Congo")).toBe("CG");
    expect(countryCode("Democratic Republic of the Congo")).toBe("CD");
  });
});

describe("countryName", () => {
  it("names the country in the UI language", () => {
    expect(countryName("AZ", "en")).toBe("Azerbaijan");
    expect(countryName("AZ", "az")).toBe("Azərbaycan");
    expect(countryName("AZ", "ru")).toBe("Азербайджан");
    expect(countryName("ge", "ru")).toBe("Грузия");
    expect(countryName("AM", "az")).toBe("Ermənistan");
  });

  it("falls back to the code when the country is unknown", () => {
    expect(countryName("XX", "az")).toBe("XX");
    expect(countryName("", "en")).toBe("");
  });
});

describe("countryOptions", () => {
  it("puts Azerbaijan, Georgia and Armenia first", () => {
    const options = countryOptions("az");
    expect(options.slice(0, 3)).toEqual([
      { code: "AZ", name: "Azərbaycan" },
      { code: "GE", name: "Gürcüstan" },
      { code: "AM", name: "Ermənistan" },
    ]);
  });

  it("lists every country once", () => {
    const codes = countryOptions("en").map((option) => option.code);
    expect(codes.length).toBeGreaterThan(240);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("sorts the rest by name in the language's own order", () => {
    for (const locale of ["en", "az", "ru"] as const) {
      const names = countryOptions(locale)
        .slice(3)
        .map((option) => option.name);
      const collator = new Intl.Collator(locale);
      expect(names).toEqual([...names].sort(collator.compare));
    }
  });

  it("sorts Azerbaijani names with Ç after every C and Ş after every S, as the Azerbaijani alphabet does", () => {
    const names = countryOptions("az").map((option) => option.name);
    const positions = (letter: string) =>
      names.flatMap((name, index) => (name.startsWith(letter) ? [index] : []));
    const lastStartingWith = (letter: string) => Math.max(...positions(letter));
    const firstStartingWith = (letter: string) => Math.min(...positions(letter));
    expect(names).toContain("Çad");
    expect(firstStartingWith("Ç")).toBeGreaterThan(lastStartingWith("C"));
    expect(firstStartingWith("Ş")).toBeGreaterThan(lastStartingWith("S"));
  });

  it("names the options in Russian for a Russian page", () => {
    expect(countryOptions("ru").find((option) => option.code === "DE")?.name).toBe("Германия");
  });

  it("hands each caller its own list", () => {
    const first = countryOptions("en");
    first.reverse();
    expect(countryOptions("en")[0]?.code).toBe("AZ");
  });
});
