/** Finding an erased person's values in text, and rewriting a stored import file without them. */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/imports/table";
import { matcherFor, needlesOf, replaceInJson, rewriteTable } from "../../src/protection/erasure-text";

const aysel = {
  fullName: "Aysel Qəmbərli",
  otherNames: ["Айсель Гамбарли"],
  email: "aysel.q@example.az",
  phone: "+994505550101",
};

describe("the matcher", () => {
  const matcher = matcherFor(needlesOf([aysel]));
  if (!matcher) throw new Error("no matcher");

  it("replaces every spelling, in any case, as whole words only", () => {
    expect(matcher.replace("Met AYSEL QƏMBƏRLİ and айсель гамбарли (aysel.q@example.az)")).toBe(
      "Met — and — (—)",
    );
    expect(matcher.replace("Aysel  Qəmbərli")).toBe("—");
    // Inside a longer word it is another word.
    expect(matcher.replace("Aysel Qəmbərlixanım")).toBe("Aysel Qəmbərlixanım");
  });

  it("finds the phone however it is written, and a name in an address's query", () => {
    expect(matcher.replace("call 050 555 01 01 or +994 50 555 01 01")).toBe("call — or —");
    expect(matcher.replace("?q=Aysel%20Q%C9%99mb%C9%99rli&format=csv")).toBe("?q=—&format=csv");
    expect(matcher.replace("?q=Aysel+Q%C9%99mb%C9%99rli")).toBe("?q=—");
  });

  it("leaves other text alone and changes JSON only where a value held a needle", () => {
    const value = { a: ["Aysel Qəmbərli", 3], b: { c: "Kamran Əliyev" } };
    const replaced = replaceInJson(value, matcher) as typeof value;
    expect(replaced).toEqual({ a: ["—", 3], b: { c: "Kamran Əliyev" } });
    expect(replaced.b).toBe(value.b);
    const untouched = { x: "nothing here" };
    expect(replaceInJson(untouched, matcher)).toBe(untouched);
  });

  it("leaves names too short to look for", () => {
    expect(needlesOf([{ fullName: "Li", otherNames: [], email: null, phone: null }])).toEqual([]);
  });
});

describe("rewriting a stored import file", () => {
  const matcher = matcherFor(needlesOf([aysel]));
  const text = [
    "Full name;Email;Notes",
    "Kamran Əliyev;kamran@example.az;friend of Aysel Qəmbərli",
    'Aysel Qəmbərli;aysel.q@example.az;"two',
    'lines"',
    "Nigar Rzayeva;nigar@example.az;",
    "",
  ].join("\r\n");

  it("blanks the person's line, keeps every other line at its number, and replaces their values elsewhere", () => {
    const rewritten = rewriteTable(text, { blank: new Set([3]), matcher });
    if (rewritten === null) throw new Error("nothing rewritten");
    expect(rewritten).not.toMatch(/Aysel|aysel/);
    const read = readTable(new TextEncoder().encode(rewritten));
    if (!read.ok) throw new Error(read.problem);
    expect(read.table.rows).toEqual([
      { line: 2, cells: ["Kamran Əliyev", "kamran@example.az", "friend of —"] },
      { line: 5, cells: ["Nigar Rzayeva", "nigar@example.az", ""] },
    ]);
  });

  it("says when there is nothing to change", () => {
    expect(rewriteTable("Name\nSomeone else\n", { blank: new Set(), matcher })).toBeNull();
  });
});
