/** Workbooks as partners save them (.xlsx, .ods, .xls): one sheet's cells read as the spreadsheet shows them. */
import { utils, write } from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { workbookAsCsv } from "../../src/imports/workbook";
import { fixtureBytes } from "../fixtures/imports/files";

async function csvOf(bytes: Uint8Array, options: { sheet?: string } = {}): Promise<string> {
  const result = await workbookAsCsv(bytes, { ...options, maxRows: 100 });
  return result.ok ? new TextDecoder().decode(result.csv) : `(${result.problem})`;
}

function xlsxOf(sheets: Record<string, ReturnType<typeof utils.aoa_to_sheet>>): Uint8Array {
  const book = utils.book_new();
  for (const [name, sheet] of Object.entries(sheets)) utils.book_append_sheet(book, sheet, name);
  return new Uint8Array(write(book, { type: "array", bookType: "xlsx" }));
}

describe("workbookAsCsv", () => {
  for (const file of ["people_az_workbook.xlsx", "people_az_workbook.ods"]) {
    it(`reads the first sheet of ${file} as LibreOffice shows it: zeros, plus signs and dates kept`, async () => {
      const result = await workbookAsCsv(fixtureBytes(file), { maxRows: 100 });
      expect(result).toMatchObject({ ok: true, sheet: "İştirakçılar", sheets: ["İştirakçılar", "Qeydlər"] });
      expect((await csvOf(fixtureBytes(file))).split("\r\n")).toEqual([
        "Ad Soyad,Təşkilat,Mobil,Telefon,Doğum tarixi,Doğum ili,E-poçt",
        "Ağayev Şahin,Gəncə Regional İnkişaf Mərkəzi,0501234567,+994 50 123 45 67,02.03.1985,1985,sahin@sample.az",
        "İsmayılova Gülşən,Şəki Gənclər Birliyi,0552345678,+994 55 234 56 78,21.11.1990,1990,gulsen@sample.az",
        "Məmmədov Elçin,Ağdam İcma Mərkəzi,0703456789,,09.07.1978,1978,elcin@sample.az",
      ]);
    });
  }

  it("reads the sheet asked for by its name in any case, or by its number, and refuses one it lacks", async () => {
    const bytes = fixtureBytes("people_az_workbook.xlsx");
    const note = '"Seminar, Gəncə, 14.05.2025: qeydiyyat siyahısı"';
    expect(await csvOf(bytes, { sheet: "QEYDLƏR" })).toBe(note);
    expect(await csvOf(bytes, { sheet: "2" })).toBe(note);
    expect(await csvOf(bytes, { sheet: "Sheet3" })).toBe("(sheetNotFound)");
  });

  it("shows dates in Excel's Russian format and long phone numbers in General as their digits", async () => {
    const sheet = utils.aoa_to_sheet([
      ["Name", "Date", "Date (ru)", "Phone", "Share"],
      ["Nigar", 45791, 45791, 994501234567, 0.25],
    ]);
    for (const [cell, format] of [
      ["B2", "DD.MM.YYYY"],
      ["C2", "[$-419]DD.MM.YYYY"],
      ["E2", "0%"],
    ] as const) {
      const target = sheet[cell];
      if (target) target.z = format;
    }
    expect((await csvOf(xlsxOf({ List: sheet }))).split("\r\n")[1]).toBe(
      "Nigar,14.05.2025,14.05.2025,994501234567,25%",
    );
  });

  it("skips empty sheets and blank rows", async () => {
    const bytes = xlsxOf({
      Empty: utils.aoa_to_sheet([]),
      Names: utils.aoa_to_sheet([["Name"], [], ["Aysel"]]),
    });
    expect(await workbookAsCsv(bytes, { maxRows: 100 })).toMatchObject({ ok: true, sheet: "Names" });
    expect(await csvOf(bytes)).toBe("Name\r\nAysel");
  });

  it("refuses a sheet longer than the row limit, blank rows and all, instead of cutting it short", async () => {
    const rows = [["Name"], ...Array.from({ length: 30 }, (_, i) => (i % 2 ? [] : [`Person ${i}`]))];
    const bytes = xlsxOf({ Names: utils.aoa_to_sheet(rows) });
    expect(await workbookAsCsv(bytes, { maxRows: 20 })).toEqual({ ok: false, problem: "tooManyRows" });
    expect(await workbookAsCsv(bytes, { maxRows: 40 })).toMatchObject({ ok: true });
  });

  it("refuses a zip cut short before parsing it, and gives up on a parse that does not finish in time", async () => {
    // SheetJS never returns on these 12 bytes: the cut zip is refused before it is parsed at all.
    const cut = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0, 0, 0]);
    expect(await csvOf(cut)).toBe("(unreadableWorkbook)");
    // A parse that does not finish within the limit is given up (its worker stopped), whatever the file.
    const slow = await workbookAsCsv(fixtureBytes("people_az_workbook.xlsx"), { maxRows: 100, limitMs: 1 });
    expect(slow).toEqual({ ok: false, problem: "unreadableWorkbook" });
  });
});
