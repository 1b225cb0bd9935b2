/** CSV exports: Excel reads every script correctly, never runs a cell as a formula, and the download keeps its name. */
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvResponse, toCsv } from "../../src/exports/csv";

/** What a spreadsheet reading the file would see: rows of cells, BOM removed. */
function parse(csv: string): string[][] {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  const result = Papa.parse<string[]>(csv.slice(1), { newline: "\r\n", delimiter: "," });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe("toCsv", () => {
  it("starts with a UTF-8 byte order mark and ends lines with CRLF", () => {
    const csv = toCsv(["Name", "City"], [["Aysel", "Baku"]]);
    expect(csv).toBe("\uFEFFName,City\r\nAysel,Baku");
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it("round-trips Azerbaijani, Cyrillic, Georgian and Armenian text", () => {
    const rows = [
      ["Məmmədov Əli", "Şəki", "Gəncə küçəsi 5"],
      ["Мамедов Али", "Москва", "ул. Ленина, 1"],
      ["გიორგი ბერიძე", "თბილისი", "რუსთაველის გამზ."],
      ["Լուսինե Սարգսյան", "Երևան", "Աբովյան 3"],
    ];
    expect(parse(toCsv(["Имя", "Şəhər", "მისამართი"], rows))).toEqual([
      ["Имя", "Şəhər", "მისამართი"],
      ...rows,
    ]);
  });

  it("keeps quotes, commas and line breaks inside cells", () => {
    const rows = [['He said "hello"', "Baku, Azerbaijan", "line one\r\nline two", "a\nb"]];
    expect(parse(toCsv(["a", "b", "c", "d"], rows))).toEqual([["a", "b", "c", "d"], ...rows]);
  });

  it("quotes only the cells that need it", () => {
    expect(toCsv(["x"], [["plain"], ["with,comma"]])).toBe('\uFEFFx\r\nplain\r\n"with,comma"');
  });

  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1", "'+1"],
    ["-1+2", "'-1+2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["\tplain", "'\tplain"],
    ["\rplain", "'\rplain"],
    ["  +1", "'  +1"],
    ["   =cmd|' /C calc'!A0", "'   =cmd|' /C calc'!A0"],
    ["\u0000=1", "'\u0000=1"],
    ["\u0001\u0002@x", "'\u0001\u0002@x"],
    ["\u200b=1", "'\u200b=1"],
    [" \u0000 \t x", "' \u0000 \t x"],
    ["\n-2", "'\n-2"],
    ["+994501234567", "'+994501234567"],
    ["-5", "'-5"],
  ])("neutralises %j as %j", (value, expected) => {
    expect(parse(toCsv(["cell"], [[value]]))[1]).toEqual([expected]);
  });

  it.each([
    "Aysel Məmmədova",
    "a=b",
    "x+1",
    "name@example.org",
    "'=already text",
    "  spaced",
    "994501234567",
  ])("leaves %j as it is", (value) => {
    expect(parse(toCsv(["cell"], [[value]]))[1]).toEqual([value]);
  });

  it("neutralises dangerous headers too, and writes only the header when there are no rows", () => {
    expect(toCsv(["Name", "=HYPERLINK(1)"], [])).toBe("\uFEFFName,'=HYPERLINK(1)");
  });

  it("writes numbers as numbers, negative ones included", () => {
    expect(toCsv(["n"], [[-5], [0], [3.25], [1_234_567]])).toBe("\uFEFFn\r\n-5\r\n0\r\n3.25\r\n1234567");
  });

  it("joins lists with a semicolon and writes nothing for null and undefined", () => {
    const csv = toCsv(["tags", "none", "missing"], [[["youth", "women"], null, undefined]]);
    expect(parse(csv)[1]).toEqual(["youth; women", "", ""]);
  });

  it("neutralises a list whose first item looks like a formula", () => {
    expect(parse(toCsv(["tags"], [[["=1", "b"]]]))[1]).toEqual(["'=1; b"]);
  });
});

describe("csvResponse", () => {
  it("is an uncached UTF-8 CSV download with the Azerbaijani file name encoded per RFC 5987", async () => {
    const response = csvResponse(toCsv(["Ad"], [["Əli"]]), "Təşkilatlar.csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Teskilatlar.csv"; filename*=UTF-8''T%C9%99%C5%9Fkilatlar.csv`,
    );
    // Read the bytes: response.text() would silently drop the BOM, as every UTF-8 decoder does.
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(new TextDecoder().decode(bytes)).toBe("Ad\r\nƏli");
  });

  it("keeps a Cyrillic name readable and escapes characters the header grammar forbids", () => {
    const disposition = csvResponse("", `Люди (архив) "2024".csv`).headers.get("content-disposition") ?? "";
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? "";
    expect(encoded).not.toMatch(/[ '()"*]/);
    expect(decodeURIComponent(encoded)).toBe(`Люди (архив) "2024".csv`);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; /);
    expect(/filename="([^"]*)"/.exec(disposition)?.[1]).toBe("Lyudi (arkhiv) _2024_.csv");
  });
});
