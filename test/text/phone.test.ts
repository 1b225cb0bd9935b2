/** Phone numbers as people in the region write them, stored as E.164, and everything else kept as written. */
import { describe, expect, it } from "vitest";
import { normalizePhone, readPhone } from "../../src/text/phone";

describe("normalizePhone", () => {
  it.each([
    ["(012) 498-76-54", "AZ", "+994124987654"],
    ["050-123-45-67", "AZ", "+994501234567"],
    ["+995 32 2 123456", undefined, "+995322123456"],
    ["032 2 12 34 56", "GE", "+995322123456"],
    ["010 123456", "AM", "+37410123456"],
    ["00994 12 498 76 54", "AZ", "+994124987654"],
  ])("reads %s with country %s as %s", (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ value: e164, parsed: true });
  });

  it("takes the record's country in any case and ignores one the library does not know", () => {
    expect(normalizePhone("050 123 45 67", "az")).toEqual({ value: "+994501234567", parsed: true });
    expect(normalizePhone("+994 50 123 45 67", "XX")).toEqual({ value: "+994501234567", parsed: true });
  });

  it("lets an international number win over the record's country", () => {
    expect(normalizePhone("+995 32 2 123456", "AZ")).toEqual({ value: "+995322123456", parsed: true });
  });

  it("accepts a number of a possible length that the library's ranges do not list (a new range)", () => {
    expect(normalizePhone("+994 30 123 45 67")).toEqual({ value: "+994301234567", parsed: true });
  });

  it("needs a country for a national number", () => {
    expect(normalizePhone("(012) 498-76-54")).toEqual({ value: "(012) 498-76-54", parsed: false });
  });

  describe("the old trunk prefix 8 of Azerbaijan, Georgia and Armenia", () => {
    it.each([
      ["8 (012) 498 76 54", "AZ", "+994124987654"],
      ["8 050 123 45 67", "AZ", "+994501234567"],
      ["8 12 498 76 54", "AZ", "+994124987654"],
      ["8 32 2 123456", "GE", "+995322123456"],
      ["8 10 123456", "AM", "+37410123456"],
    ])("drops it from %s with country %s", (raw, country, e164) => {
      expect(normalizePhone(raw, country)).toEqual({ value: e164, parsed: true });
    });

    it("keeps a number as written when dropping the 8 does not leave a valid number", () => {
      expect(normalizePhone("8 (495) 123-45-67", "AZ")).toEqual({
        value: "8 (495) 123-45-67",
        parsed: false,
      });
    });

    it("leaves the 8 to the library for other countries, where it means something else", () => {
      expect(normalizePhone("8 (495) 123-45-67", "RU")).toEqual({ value: "+74951234567", parsed: true });
      expect(normalizePhone("8 (012) 498 76 54")).toEqual({ value: "8 (012) 498 76 54", parsed: false });
    });
  });

  it("keeps text that is not a phone number as written, spaces tidied", () => {
    expect(normalizePhone("  call   me later ")).toEqual({ value: "call me later", parsed: false });
  });

  it("keeps a note beside the number rather than dropping it", () => {
    expect(normalizePhone("050 123 45 67 (mobile)", "AZ")).toEqual({
      value: "050 123 45 67 (mobile)",
      parsed: false,
    });
  });

  it("keeps two numbers in one field as written rather than the first alone", () => {
    expect(normalizePhone("050 123 45 67, 012 498 76 54", "AZ")).toEqual({
      value: "050 123 45 67, 012 498 76 54",
      parsed: false,
    });
  });

  it("keeps a number with an extension as written, since E.164 cannot hold the extension", () => {
    expect(normalizePhone("+994 12 498 76 54 ext. 12")).toEqual({
      value: "+994 12 498 76 54 ext. 12",
      parsed: false,
    });
  });

  it("keeps a number too short to be one as written", () => {
    expect(normalizePhone("498-76-54", "AZ")).toEqual({ value: "498-76-54", parsed: false });
  });

  it("returns an empty value for an empty or blank field", () => {
    expect(normalizePhone("")).toEqual({ value: "", parsed: false });
    expect(normalizePhone("   ", "AZ")).toEqual({ value: "", parsed: false });
  });

  it("gives a value it gave back unchanged when it is read again (what remembering recent numbers relies on)", () => {
    const written = [
      ["(012) 498-76-54", "AZ"],
      ["8 (012) 498 76 54", "AZ"],
      ["+994 30 123 45 67", undefined],
      ["050 123 45 67 or 012 498 76 54", "AZ"],
      ["+994 12 498 76 54 ext. 12", "AZ"],
      ["12 34", "GE"],
    ] as const;
    for (const [raw, country] of written) {
      const first = readPhone(raw.trim().replace(/\s+/g, " "), country);
      expect(readPhone(first.value, country)).toEqual(first);
      expect(normalizePhone(first.value, country)).toEqual(first);
    }
  });
});
