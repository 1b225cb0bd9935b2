/** Reading uploaded tables as partners send them: encodings, delimiters, quoting, line numbers, limits, chunking. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Delimiter, delimiters } from "../../src/imports/delimiter";
import type { Encoding } from "../../src/imports/encoding";
import {
  maxColumns,
  maxRows,
  openTable,
  type ReadTableResult,
  readTable,
  summarizeTable,
  type Table,
} from "../../src/imports/table";
import { codePageAlphabet, encodeText } from "../fixtures/imports/encode";
import { fixtureBytes } from "../fixtures/imports/files";

function tableOf(result: ReadTableResult): Table {
  if (!result.ok) throw new Error(`expected a table, got the problem ${result.problem}`);
  return result.table;
}
const read = (text: string, encoding: Encoding = "utf-8") => tableOf(readTable(encodeText(text, encoding)));
const lines = (table: Table) => table.rows.map((row) => row.line);

describe("readTable on the samples partners sent", () => {
  it("reads the Russian Excel file: 1251, semicolons, a quoted line break, a blank line and a line of ;", () => {
    const table = tableOf(readTable(fixtureBytes("people_ru_cp1251_semicolon.csv")));
    expect(table.encoding).toBe("windows-1251");
    expect(table.delimiter).toBe(";");
    expect(table.header).toEqual([
      "Фамилия Имя",
      "Организация",
      "Должность",
      "Моб. телефон",
      "Эл. почта",
      "Город",
      "Страна",
      "Пол",
      "Комментарий",
    ]);
    expect(table.rows).toHaveLength(7);
    // The quoted comment of line 4 runs over two lines, so the next record starts on line 6.
    expect(lines(table)).toEqual([2, 3, 4, 6, 7, 8, 9]);
    expect(table.rows[2]?.cells[8]).toBe("Две строки:\r\nвторая строка");
    expect(table.rows[3]?.cells.slice(0, 5)).toEqual([
      "ЦЕРЕТЕЛИ МАКА",
      "Центр гражданской интеграции Марнеули",
      "",
      "",
      "MAKA.TSERETELI@SAMPLE.GE",
    ]);
    expect(table.rows[5]?.cells[4]).toBe("gunay@@sample.az");
  });

  it("reads the UTF-8 organisations: BOM gone, quoted comma kept, data cells not trimmed", () => {
    const table = tableOf(readTable(fixtureBytes("organizations_utf8_bom.csv")));
    expect(table.encoding).toBe("utf-8");
    expect(table.delimiter).toBe(",");
    expect(table.header[0]).toBe("Name");
    expect(table.header).toHaveLength(10);
    expect(lines(table)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(table.rows[1]?.cells.slice(0, 4)).toEqual([
      "Şəki Gənclər Klubu",
      "Community organisation",
      "Azərbaycan",
      "Şəki",
    ]);
    expect(table.rows[3]?.cells[0]).toBe("YEVLAKH REFUGEE ASSOCIATION  ");
    expect(table.rows[4]?.cells[0]).toBe("Vanadzor Office, IDP Support");
    expect(table.rows[0]?.cells[8]).toBe("Refugees; IDPs");
    expect(table.rows[7]?.cells).toEqual(["", "NGO", "Armenia", "", "", "", "", "", "", "no name"]);
  });

  it("reads Excel's Unicode Text: UTF-16LE, tabs, CRLF", () => {
    const table = tableOf(readTable(fixtureBytes("attendance_utf16_tab.txt")));
    expect(table).toMatchObject({ encoding: "utf-16le", delimiter: "\t" });
    expect(table.header).toEqual(["Name", "Organisation", "Email", "Role"]);
    expect(table.rows.map((row) => row.cells[0])).toEqual([
      "Farid Ibrahimov",
      "Maka Tsereteli",
      "Hovhannes Grigoryan",
      "Maka Tsereteli",
    ]);
    expect(table.rows[2]?.cells[1]).toBe("Vanadzor Office, IDP Support");
    expect(lines(table)).toEqual([2, 3, 4, 5]);
  });

  it("reads each partner sample the same at every chunk size", () => {
    for (const name of [
      "people_ru_cp1251_semicolon.csv",
      "organizations_utf8_bom.csv",
      "attendance_utf16_tab.txt",
    ]) {
      const bytes = fixtureBytes(name);
      const whole = readTable(bytes);
      for (let chunkSize = 1; chunkSize <= bytes.length; chunkSize++) {
        expect(readTable(bytes, { chunkSize }), `${name} in chunks of ${chunkSize}`).toEqual(whole);
      }
    }
  });
});

describe("readTable on our own samples", () => {
  it("reads Western European Excel: 1252 with accents and a quoted ;", () => {
    const table = tableOf(readTable(fixtureBytes("people_western_cp1252_semicolon.csv")));
    expect(table).toMatchObject({ encoding: "windows-1252", delimiter: ";" });
    expect(table.header).toEqual(["Nom", "Prénom", "Organisation", "Ville", "E-mail"]);
    expect(table.rows.map((row) => row.cells[1])).toEqual([
      "Jürgen",
      "François",
      "José Ángel",
      "Thérèse",
      "Zoë",
    ]);
    expect(table.rows[3]?.cells[2]).toBe("Œuvre d’entraide; Lyon");
    expect(table.rows[4]?.cells).toEqual(["Brontë", "Zoë", "Café Naïve", "Köln", ""]);
  });

  it("reads Azerbaijani names in Cyrillic from 1251, doubled quotes and all", () => {
    const table = tableOf(readTable(fixtureBytes("people_az_cyrillic_cp1251_semicolon.csv")));
    expect(table).toMatchObject({ encoding: "windows-1251", delimiter: ";" });
    expect(table.header).toEqual(["ФИО", "Организация", "Город", "Телефон"]);
    expect(table.rows[2]?.cells.slice(0, 2)).toEqual(["Гусейнов Јавид", "Јашыл Дунја"]);
    expect(table.rows[3]?.cells[1]).toBe('Общество "Мир", Баку');
  });

  it("reads Georgian and Armenian from UTF-16BE without a BOM", () => {
    const table = tableOf(readTable(fixtureBytes("people_ka_hy_utf16be_tab.txt")));
    expect(table).toMatchObject({ encoding: "utf-16be", delimiter: "\t" });
    expect(table.header).toEqual(["სახელი", "ორგანიზაცია", "ქალაქი"]);
    expect(table.rows.map((row) => row.cells[0])).toEqual([
      "გიორგი ბერიძე",
      "ნინო ჯავახიშვილი",
      "Լուսինե Հակոբյան",
    ]);
  });

  it("reads a pipe-delimited UTF-8 file without BOM or final line break", () => {
    const table = tableOf(readTable(fixtureBytes("people_ka_hy_az_utf8_pipe.txt")));
    expect(table).toMatchObject({ encoding: "utf-8", delimiter: "|" });
    expect(table.rows.map((row) => row.cells[0])).toEqual([
      "გიორგი ბერიძე",
      "Լուսինե Հակոբյան",
      "Əli Məmmədov",
      "İlkin Ağayev",
    ]);
    expect(table.rows[3]).toEqual({ line: 5, cells: ["İlkin Ağayev", "Yevlakh | Refugees", "AZ"] });
  });
});

describe("readTable cells and lines", () => {
  it("keeps delimiters, doubled quotes and line breaks inside quoted cells", () => {
    const table = read('name,note\n"Mammadov, Ali","He said ""hi""\nthen left"\nNino,"a\r\nb"\nLast,x\n');
    expect(table.rows).toEqual([
      { line: 2, cells: ["Mammadov, Ali", 'He said "hi"\nthen left'] },
      { line: 4, cells: ["Nino", "a\r\nb"] },
      { line: 6, cells: ["Last", "x"] },
    ]);
  });

  it("reads a file longer than the detection sample the same at any chunk size", () => {
    const rows = Array.from({ length: 4000 }, (_, index) => `Məmmədov ${index};"one\r\ntwo ""2""";გიორგი 😀`);
    const bytes = encodeText(`Name;Note;Other\r\n${rows.join("\r\n")}\r\n`, "utf-16le", { bom: true });
    // UTF-16: two bytes a character, and the sample is the first 64 Ki characters.
    expect(bytes.length / 2).toBeGreaterThan(2 * 64 * 1024);
    const whole = tableOf(readTable(bytes));
    expect(whole.rows).toHaveLength(4000);
    expect(whole.rows.at(-1)).toEqual({
      line: 2 + 3999 * 2,
      cells: ["Məmmədov 3999", 'one\r\ntwo "2"', "გიორგი 😀"],
    });
    for (const chunkSize of [1, 3, 4095, 65_537]) {
      expect(readTable(bytes, { chunkSize })).toEqual({ ok: true, table: whole });
    }
  });

  it("trims header cells only", () => {
    const table = read(" Name ;\tEmail \r\n  Ali  ; ali@sample.az \r\n");
    expect(table.header).toEqual(["Name", "Email"]);
    expect(table.rows[0]?.cells).toEqual(["  Ali  ", " ali@sample.az "]);
  });

  it("numbers lines as the file has them when blank lines come before the header and between rows", () => {
    const table = read("\r\n;;;\r\nName;Email\r\n\r\nAli;a@x.az\r\n ; ;\r\nNino;n@x.ge\r\n");
    expect(table.header).toEqual(["Name", "Email"]);
    expect(table.rows).toEqual([
      { line: 5, cells: ["Ali", "a@x.az"] },
      { line: 7, cells: ["Nino", "n@x.ge"] },
    ]);
  });

  it("pads short rows and keeps the extra cells of long ones", () => {
    const table = read("a,b,c\n1\n1,2,3,4\n");
    expect(table.rows.map((row) => row.cells)).toEqual([
      ["1", "", ""],
      ["1", "2", "3", "4"],
    ]);
  });

  it("reads CR-only line ends (old Mac Excel)", () => {
    const table = read("Name,City\rƏli,Bakı\rNino,Tbilisi");
    expect(table.rows).toEqual([
      { line: 2, cells: ["Əli", "Bakı"] },
      { line: 3, cells: ["Nino", "Tbilisi"] },
    ]);
  });

  it("keeps formulas and markup as text", () => {
    const table = read('Name,Website\n<b>Ali</b>,"=HYPERLINK(""http://x.az"")"\n');
    expect(table.rows[0]?.cells).toEqual(["<b>Ali</b>", '=HYPERLINK("http://x.az")']);
  });

  it("uses the encoding and delimiter the user chose", () => {
    const table = tableOf(
      readTable(fixtureBytes("people_ru_cp1251_semicolon.csv"), { delimiter: ",", encoding: "windows-1252" }),
    );
    expect(table).toMatchObject({ encoding: "windows-1252", delimiter: "," });
    expect(table.header).toHaveLength(1);
  });
});

describe("readTable problems", () => {
  it("finds no header in an empty file, a bare BOM, or blank lines and bare delimiters", () => {
    for (const bytes of [
      new Uint8Array(),
      Uint8Array.of(0xef, 0xbb, 0xbf),
      encodeText("\r\n;;;;;;;;\r\n  \r\n\t\t\r\n", "utf-8"),
      encodeText("", "utf-16le", { bom: true }),
    ]) {
      expect(readTable(bytes)).toEqual({ ok: false, problem: "empty" });
    }
  });

  it("recognises spreadsheets saved as .xlsx, .ods or .xls", () => {
    const xlsx = Uint8Array.of(
      0x50,
      0x4b,
      0x03,
      0x04,
      0x14,
      0x00,
      0x06,
      0x00,
      0x08,
      0x00,
      0x00,
      0x00,
      0x21,
      0x00,
    );
    const xls = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00, 0x00, 0x00);
    expect(readTable(xlsx)).toEqual({ ok: false, problem: "spreadsheet" });
    expect(readTable(xls)).toEqual({ ok: false, problem: "spreadsheet" });
  });

  it("recognises binary files: a PNG, random bytes, NUL in UTF-8, control characters", () => {
    const png = Uint8Array.of(
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      0,
      0,
      0,
      0x0d,
      0x49,
      0x48,
      0x44,
      0x52,
    );
    let seed = 42;
    const random = Uint8Array.from({ length: 4096 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed >> 23;
    });
    for (const bytes of [
      png,
      random,
      encodeText("a,b\n1,\0\n", "utf-8"),
      encodeText("a\x01\x02\x03b,c\x04\n", "utf-8"),
    ]) {
      expect(readTable(bytes)).toEqual({ ok: false, problem: "notText" });
    }
  });

  it("tolerates a stray control character in a long file", () => {
    const text = `name,note\n${"Ali,ok\n".repeat(50)}Nino,bell\x07\n`;
    expect(read(text).rows.at(-1)?.cells).toEqual(["Nino", "bell\x07"]);
  });

  it("refuses a header of more than 200 columns, even 10,000", () => {
    const header = (count: number) => Array.from({ length: count }, (_, index) => `c${index}`).join(",");
    expect(read(`${header(maxColumns)}\n${"x,".repeat(maxColumns - 1)}x\n`).header).toHaveLength(maxColumns);
    expect(readTable(encodeText(`${header(maxColumns + 1)}\n1\n`, "utf-8"))).toEqual({
      ok: false,
      problem: "tooManyColumns",
    });
    expect(readTable(encodeText(`${header(10_000)}\n1\n`, "utf-8"))).toEqual({
      ok: false,
      problem: "tooManyColumns",
    });
  });

  it("refuses more than 1,000,000 rows and takes exactly 1,000,000", () => {
    expect(read(`n\n${"1\n".repeat(maxRows)}`).rows).toHaveLength(maxRows);
    expect(readTable(encodeText(`n\n${"1\n".repeat(maxRows + 1)}`, "utf-8"))).toEqual({
      ok: false,
      problem: "tooManyRows",
    });
  });

  it("never throws on arbitrary bytes, and answers the same at every chunk size", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 16 }), (bytes, chunkSize) => {
        expect(readTable(bytes, { chunkSize })).toEqual(readTable(bytes));
      }),
      { numRuns: 300 },
    );
  });
});

// A small CSV writer that quotes as Excel does: only cells holding the delimiter, a quote or a line break.
function writeCsv(records: string[][], delimiter: Delimiter, lineBreak: string, finalBreak: boolean): string {
  const cell = (value: string) =>
    value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  const text = records.map((record) => record.map(cell).join(delimiter)).join(lineBreak);
  return finalBreak ? text + lineBreak : text;
}

/** What readTable should make of the records: blank ones skipped, header trimmed, short rows padded, lines counted. */
function expectedTable(records: string[][]) {
  let line = 1;
  const numbered = records.map((cells) => {
    const start = line;
    line += 1 + cells.reduce((sum, value) => sum + (value.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return { line: start, cells };
  });
  const [header, ...rows] = numbered.filter((record) => record.cells.some((value) => value.trim() !== ""));
  if (!header) return undefined;
  const width = header.cells.length;
  return {
    header: header.cells.map((value) => value.trim()),
    rows: rows.map(({ line, cells }) => ({
      line,
      cells: [...cells, ...Array(Math.max(0, width - cells.length)).fill("")],
    })),
  };
}

const tricky = [
  '"',
  ",",
  ";",
  "\t",
  "|",
  "\r\n",
  "\n",
  "\r",
  " ",
  "ə",
  "İ",
  "ı",
  "Ж",
  "ё",
  "ა",
  "Ա",
  "é",
  "€",
  "😀",
  "𝔄",
];
// Control characters would make the file binary, and a leading U+FEFF a BOM; neither is what partners write in cells.
const unicodeChar = fc.oneof(
  fc.constantFrom(...tricky),
  fc.string({ unit: "grapheme-ascii", maxLength: 3 }),
  fc.string({ unit: "binary", maxLength: 2 }).map((value) => value.replace(/[\p{Cc}\ufeff]/gu, "")),
);
const codePageChar = (encoding: "windows-1251" | "windows-1252") =>
  fc.oneof(
    fc.constantFrom('"', ",", ";", "\t", "|", "\r\n", "\n", " "),
    fc.constantFrom(...codePageAlphabet(encoding)),
  );

const records = (char: fc.Arbitrary<string>) =>
  fc.array(
    fc.array(
      fc.array(char, { maxLength: 6 }).map((parts) => parts.join("")),
      { minLength: 1, maxLength: 5 },
    ),
    {
      maxLength: 8,
    },
  );
const chunkSizes = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constantFrom(1000, 65_536, 1 << 20));
const fileShape = fc.record({
  delimiter: fc.constantFrom(...delimiters),
  lineBreak: fc.constantFrom("\r\n", "\n", "\r"),
  finalBreak: fc.boolean(),
  bom: fc.boolean(),
});

describe("reading a table a chunk at a time", () => {
  const text = `Name;City\r\n${Array.from({ length: 5_000 }, (_, i) => `"Person\n${i}";Bakı`).join("\r\n")}\r\n`;
  const bytes = encodeText(text, "utf-8");

  it("gives the rows in several batches, the same rows readTable gives", () => {
    const opened = openTable(bytes, { chunkSize: 4096 });
    if (!opened.ok) throw new Error(opened.problem);
    const batches = [...opened.table.batches()];
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flat()).toEqual(tableOf(readTable(bytes)).rows);
  });

  it("summarizes a file as its header, first rows and count", () => {
    const summary = summarizeTable(bytes, { chunkSize: 4096 });
    expect(summary).toMatchObject({ ok: true, table: { header: ["Name", "City"], rowCount: 5_000 } });
    if (!summary.ok) return;
    expect(summary.table.samples.map((row) => [row.line, row.cells[0]])).toEqual([
      [2, "Person\n0"],
      [4, "Person\n1"],
      [6, "Person\n2"],
    ]);
  });

  it("stops with the problem when a limit is passed part-way", () => {
    const long = encodeText(`n\n${"1\n".repeat(maxRows + 1)}`, "utf-8");
    expect(summarizeTable(long)).toEqual({ ok: false, problem: "tooManyRows" });
    const opened = openTable(long, { chunkSize: 4096 });
    if (!opened.ok) throw new Error(opened.problem);
    const seen = [...opened.table.batches()].reduce((count, rows) => count + rows.length, 0);
    expect(seen).toBeLessThanOrEqual(maxRows);
    expect(opened.table.problem()).toBe("tooManyRows");
  });
});

describe("readTable properties", () => {
  const cases: [Encoding, fc.Arbitrary<string>][] = [
    ["utf-8", unicodeChar],
    ["utf-16le", unicodeChar],
    ["utf-16be", unicodeChar],
    ["windows-1251", codePageChar("windows-1251")],
    ["windows-1252", codePageChar("windows-1252")],
  ];

  for (const [encoding, char] of cases) {
    it(`reads back any table written as CSV in ${encoding}, at any chunk size`, () => {
      fc.assert(
        fc.property(records(char), fileShape, chunkSizes, (written, shape, chunkSize) => {
          // The single-byte code pages have no BOM, and CR-only files come from old Macs, which wrote these too.
          const text = writeCsv(written, shape.delimiter, shape.lineBreak, shape.finalBreak);
          const bytes = encodeText(text, encoding, { bom: shape.bom && encoding.startsWith("utf") });
          const result = readTable(bytes, { encoding, delimiter: shape.delimiter, chunkSize });
          const expected = expectedTable(written);
          if (!expected) expect(result).toEqual({ ok: false, problem: "empty" });
          else
            expect(result).toEqual({
              ok: true,
              table: { encoding, delimiter: shape.delimiter, ...expected },
            });
        }),
        { numRuns: 200 },
      );
    });
  }

  it("detects the same encoding and delimiter, and reads the same table, at any chunk size", () => {
    const encoding = fc.constantFrom<Encoding>("utf-8", "utf-16le", "utf-16be");
    fc.assert(
      fc.property(
        records(unicodeChar),
        fileShape,
        encoding,
        chunkSizes,
        (written, shape, encoding, chunkSize) => {
          const text = writeCsv(written, shape.delimiter, shape.lineBreak, shape.finalBreak);
          const bytes = encodeText(text, encoding, { bom: shape.bom });
          expect(readTable(bytes, { chunkSize })).toEqual(readTable(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });
});
