/** Delimiters as forms and the command line name them. */
import { describe, expect, it } from "vitest";
import { delimiterNamed } from "../../src/imports/delimiter";

describe("delimiterNamed", () => {
  it("reads the four delimiters, tab by name or as the character, and nothing else", () => {
    expect([",", ";", "|", "tab", "\t"].map(delimiterNamed)).toEqual([",", ";", "|", "\t", "\t"]);
    expect([":", "", undefined, "comma"].map(delimiterNamed)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
