/** Delimiter and line-break detection on the first lines of real and tricky files. */
import { describe, expect, it } from "vitest";
import { detectDelimiter, detectLineBreak } from "../../src/imports/delimiter";
import { decodeBytes, type Encoding } from "../../src/imports/encoding";
import { fixtureBytes } from "../fixtures/imports/files";

const text = (name: string, encoding: Encoding) => decodeBytes(fixtureBytes(name), encoding);

describe("detectDelimiter", () => {
  it("finds the delimiter of the samples partners sent", () => {
    expect(detectDelimiter(text("people_ru_cp1251_semicolon.csv", "windows-1251"))).toBe(";");
    // Its unquoted "Refugees; IDPs" must not make it a ; file.
    expect(detectDelimiter(text("organizations_utf8_bom.csv", "utf-8"))).toBe(",");
    // Its unquoted "Vanadzor Office, IDP Support" must not make it a , file.
    expect(detectDelimiter(text("attendance_utf16_tab.txt", "utf-16le"))).toBe("\t");
  });

  it("finds the delimiter of our own samples", () => {
    expect(detectDelimiter(text("people_western_cp1252_semicolon.csv", "windows-1252"))).toBe(";");
    expect(detectDelimiter(text("people_ka_hy_utf16be_tab.txt", "utf-16be"))).toBe("\t");
    expect(detectDelimiter(text("people_ka_hy_az_utf8_pipe.txt", "utf-8"))).toBe("|");
  });

  it("ignores delimiters inside quotes, including quoted line breaks", () => {
    const csv = 'name;notes\r\n"Ali, Vali";"a, b, c\r\nd, e, f, g"\r\n"Nino, G.";x\r\n';
    expect(detectDelimiter(csv)).toBe(";");
  });

  it("prefers the delimiter that makes more columns when two split every line evenly", () => {
    expect(detectDelimiter("name;amount;city\r\nAli;12,5;Baku\r\nNino;3,75;Tbilisi\r\n")).toBe(";");
  });

  it("is not misled by a quote in the middle of a field", () => {
    expect(detectDelimiter('item,size,note\nscreen,5" wide,ok\nlamp,big,"a, b"\n')).toBe(",");
  });

  it("skips blank lines and counts lines of bare delimiters, Excel's empty rows", () => {
    expect(detectDelimiter("\n\na|b|c\n||\n  \n1|2|3\n\n4|5|6\n")).toBe("|");
    expect(detectDelimiter("Name;Email\r\n;\r\n;\r\nAli, Vali;a@x.az\r\n")).toBe(";");
    expect(detectDelimiter(";;;;\r\n;;;;\r\n")).toBe(";");
  });

  it("falls back to a comma when nothing splits the lines", () => {
    expect(detectDelimiter("Full name\nƏli Məmmədov\nგიორგი ბერიძე\n")).toBe(",");
    expect(detectDelimiter("")).toBe(",");
  });

  it("looks only at the first twenty records", () => {
    const head = Array.from({ length: 20 }, (_, index) => `a${index};b;c`).join("\n");
    const tail = Array.from({ length: 100 }, () => "x,y,z,w").join("\n");
    expect(detectDelimiter(`${head}\n${tail}`)).toBe(";");
  });
});

describe("detectLineBreak", () => {
  it("finds CRLF, LF and CR, whatever line breaks quoted cells hold", () => {
    expect(detectLineBreak('a;b\r\n"one\ntwo";c\r\nd;e\r\n')).toBe("\r\n");
    expect(detectLineBreak('a,b\n"one\r\ntwo",c\n')).toBe("\n");
    expect(detectLineBreak("a,b\rc,d\re,f")).toBe("\r");
  });

  it("takes LF when there is no line break", () => {
    expect(detectLineBreak("name,email")).toBe("\n");
  });
});
