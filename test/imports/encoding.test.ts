/** Encoding detection and decoding on the files partners send: the samples as they came, our own, and generated text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeBytes,
  detectEncoding,
  type Encoding,
  encodingNamed,
  encodings,
  type SingleByteEncoding,
  sampleReadings,
} from "../../src/imports/encoding";
import { encodeText } from "../fixtures/imports/encode";
import { fixtureBytes } from "../fixtures/imports/files";

const russianNames = [
  "Ибрагимов Фарид",
  "Церетели Мака",
  "ЦЕРЕТЕЛИ МАКА",
  "Саргсян Ани",
  "Оруджева Гюнай",
  "Щёкин Пётр",
];
const azerbaijaniCyrillic = ["Мамедов Эльчин", "Гусейнов Јавид", "Јашыл Дунја", "Алиева Севиндж", "Гянджа"];
const westernNames = [
  "Müller Jürgen",
  "François Lefèvre",
  "José Ángel Núñez",
  "Thérèse Größer",
  "Zoë Brontë",
  "Conceição São João",
  "Søren Ærø",
  "Œuvre d’entraide",
];

// Azerbaijani Latin as Windows-1254 can write it (no ə: Excel turns it into e or "?"), and a few Turkish names.
const azerbaijaniLatin = [
  "Ağayev Şahin",
  "İsmayılova Gülşen",
  "Quliyev Tofiq",
  "Hüseynova Aygün",
  "Şirinov İlqar",
  "Bağırova Nigar",
  "Çingiz Qasımov",
  "Öztürk Ayşe",
  "Lənkəran".replace(/ə/g, "e"),
];

describe("detectEncoding", () => {
  it("recognises the samples partners sent", () => {
    expect(detectEncoding(fixtureBytes("people_ru_cp1251_semicolon.csv"))).toBe("windows-1251");
    expect(detectEncoding(fixtureBytes("organizations_utf8_bom.csv"))).toBe("utf-8");
    expect(detectEncoding(fixtureBytes("attendance_utf16_tab.txt"))).toBe("utf-16le");
  });

  it("recognises our own samples", () => {
    expect(detectEncoding(fixtureBytes("people_western_cp1252_semicolon.csv"))).toBe("windows-1252");
    expect(detectEncoding(fixtureBytes("people_az_cyrillic_cp1251_semicolon.csv"))).toBe("windows-1251");
    expect(detectEncoding(fixtureBytes("people_ka_hy_utf16be_tab.txt"))).toBe("utf-16be");
    expect(detectEncoding(fixtureBytes("people_ka_hy_az_utf8_pipe.txt"))).toBe("utf-8");
  });

  it("trusts a byte order mark", () => {
    expect(detectEncoding(encodeText("Name;Email\r\n", "utf-8", { bom: true }))).toBe("utf-8");
    expect(detectEncoding(encodeText("Name\tEmail\r\n", "utf-16le", { bom: true }))).toBe("utf-16le");
    expect(detectEncoding(encodeText("Name\tEmail\r\n", "utf-16be", { bom: true }))).toBe("utf-16be");
  });

  it("recognises UTF-16 without a BOM by its zero bytes, even when the letters are Georgian or Cyrillic", () => {
    const georgian = "გიორგი ბერიძე\tსამოქალაქო ინტეგრაციის ცენტრი\r\nნინო ჯავახიშვილი\tთბილისი\r\n";
    expect(detectEncoding(encodeText(georgian, "utf-16le"))).toBe("utf-16le");
    expect(detectEncoding(encodeText(georgian, "utf-16be"))).toBe("utf-16be");
    expect(detectEncoding(encodeText("Фамилия Имя;Организация\r\n", "utf-16le"))).toBe("utf-16le");
  });

  it("takes plain ASCII and empty files as UTF-8", () => {
    expect(detectEncoding(encodeText("name,email\nAli,ali@sample.az\n", "utf-8"))).toBe("utf-8");
    expect(detectEncoding(new Uint8Array())).toBe("utf-8");
  });

  it("tells Windows-1251 from -1252 by how the non-ASCII letters sit in words", () => {
    for (const name of [...russianNames, ...azerbaijaniCyrillic]) {
      expect(detectEncoding(encodeText(`${name};x@sample.az\r\n`, "windows-1251")), name).toBe(
        "windows-1251",
      );
    }
    for (const name of westernNames) {
      expect(detectEncoding(encodeText(`${name};x@sample.fr\r\n`, "windows-1252")), name).toBe(
        "windows-1252",
      );
    }
  });

  it("reads a list saved by Excel on Azerbaijani-Latin Windows as Windows-1254, not as 1252", () => {
    const bytes = fixtureBytes("people_az_latin_cp1254_semicolon.csv");
    expect(detectEncoding(bytes)).toBe("windows-1254");
    const text = decodeBytes(bytes, "windows-1254");
    expect(text).toContain("Ağayev Şahin;Gence Regional İnkişaf Merkezi");
    expect(text).toContain("İsmayılova Gülşen");
    // As 1252 the same bytes give the corrupted names the issue found.
    expect(decodeBytes(bytes, "windows-1252")).toContain("Aðayev Þahin");
  });

  it("tells Windows-1254 from 1252 by the region's letters, even in one short name", () => {
    for (const name of azerbaijaniLatin.filter((name) => /[ğşıİĞŞ]/.test(name))) {
      expect(detectEncoding(encodeText(`${name};x@sample.az\r\n`, "windows-1254")), name).toBe(
        "windows-1254",
      );
    }
  });

  it("recognises KOI8-R and Mac Cyrillic, which put the Cyrillic letters elsewhere", () => {
    for (const name of russianNames) {
      expect(detectEncoding(encodeText(`${name};x@sample.ru\r\n`, "koi8-r")), name).toBe("koi8-r");
      expect(detectEncoding(encodeText(`${name};x@sample.ru\r\n`, "x-mac-cyrillic")), name).toBe(
        "x-mac-cyrillic",
      );
    }
  });

  it("reads generated name lists in every one-byte encoding as they were written", () => {
    const pools: Record<SingleByteEncoding, string[]> = {
      "windows-1252": westernNames,
      "windows-1254": azerbaijaniLatin,
      "windows-1251": [...russianNames, ...azerbaijaniCyrillic],
      "koi8-r": russianNames,
      "x-mac-cyrillic": [...russianNames, ...azerbaijaniCyrillic],
    };
    for (const [encoding, names] of Object.entries(pools) as [SingleByteEncoding, string[]][]) {
      const list = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 20 });
      fc.assert(
        fc.property(list, fc.constantFrom(";", "\r\n"), (picked, separator) => {
          const text = picked.join(separator);
          const bytes = encodeText(text, encoding);
          // Where two code pages write these letters alike (ü in 1252 and 1254), either is right: the text is the same.
          expect(decodeBytes(bytes, detectEncoding(bytes)), encoding).toBe(text);
        }),
      );
    }
  });

  it("keeps to 1251 when a Cyrillic file also has Latin emails and one-letter words", () => {
    const text = "ФИО;Email;Комментарий\r\nМамедов Эльчин;elchin@sample.az;был в Баку и в Гяндже\r\n";
    expect(detectEncoding(encodeText(text, "windows-1251"))).toBe("windows-1251");
  });

  it("falls back to 1252 when the only non-ASCII characters vote for neither", () => {
    expect(detectEncoding(encodeText("Note\r\nRencontre à Paris\r\nPrix: 5 €\r\n", "windows-1252"))).toBe(
      "windows-1252",
    );
  });

  it("is right on generated lists of Cyrillic and of Western names", () => {
    const list = (names: string[]) => fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(list([...russianNames, ...azerbaijaniCyrillic]), (names) => {
        expect(detectEncoding(encodeText(names.join("\r\n"), "windows-1251"))).toBe("windows-1251");
      }),
    );
    fc.assert(
      fc.property(list(westernNames), (names) => {
        expect(detectEncoding(encodeText(names.join(";"), "windows-1252"))).toBe("windows-1252");
      }),
    );
  });

  it("recognises any non-ASCII UTF-8 text as UTF-8", () => {
    const text = fc.string({ unit: "binary", minLength: 1 }).filter((value) => /[^\0-\x7f]/.test(value));
    fc.assert(
      fc.property(text, (value) => {
        const clean = value.replace(/\0/g, " ");
        expect(detectEncoding(encodeText(clean, "utf-8"))).toBe("utf-8");
      }),
    );
  });
});

describe("sampleReadings", () => {
  it("shows the first line of data with other letters in each one-byte encoding, the best reading first", () => {
    const readings = sampleReadings(fixtureBytes("people_az_latin_cp1254_semicolon.csv"));
    expect(readings.map((reading) => reading.encoding)).toHaveLength(5);
    expect(readings[0]?.encoding).toBe("windows-1254");
    expect(readings[0]?.line).toMatch(/^Ağayev Şahin;Gence Regional İnkişaf Merkezi;/);
    expect(readings.find((reading) => reading.encoding === "windows-1252")?.line).toMatch(
      /^Aðayev Þahin;Gence Regional Ýnkiþaf Merkezi;/,
    );
  });

  it("finds the lines of an old Mac file, whose lines end in CR alone", () => {
    const text = "ФИО;Email\rИбрагимов Фарид;farid@sample.ru\rЩёкин Пётр;petr@sample.ru\r";
    const bytes = encodeText(text, "x-mac-cyrillic");
    expect(detectEncoding(bytes)).toBe("x-mac-cyrillic");
    expect(sampleReadings(bytes)[0]).toEqual({
      encoding: "x-mac-cyrillic",
      line: "Ибрагимов Фарид;farid@sample.ru",
    });
  });

  it("falls back to the header when no line of data has other letters", () => {
    const bytes = encodeText("Ad Soyad;Teşkilat\r\nAli Aliyev;ABC\r\n", "windows-1254");
    expect(sampleReadings(bytes)[0]).toEqual({ encoding: "windows-1254", line: "Ad Soyad;Teşkilat" });
  });

  it("has nothing to show for a file without non-ASCII bytes", () => {
    expect(sampleReadings(encodeText("name;email\r\nAli;ali@sample.az\r\n", "utf-8"))).toEqual([]);
  });
});

describe("encodingNamed", () => {
  it("knows the encodings by their usual other names", () => {
    expect(encodingNamed("ISO-8859-9")).toBe("windows-1254");
    expect(encodingNamed("cp1251")).toBe("windows-1251");
    expect(encodingNamed(" KOI8-R ")).toBe("koi8-r");
    expect(encodingNamed("shift_jis")).toBeUndefined();
  });
});

describe("decodeBytes", () => {
  it("returns the text without a BOM in every Unicode encoding", () => {
    const text = "Ad;Soyad\r\nƏli;Məmmədov 😀\r\n";
    for (const encoding of ["utf-8", "utf-16le", "utf-16be"] as const) {
      expect(decodeBytes(encodeText(text, encoding, { bom: true }), encoding)).toBe(text);
      expect(decodeBytes(encodeText(text, encoding), encoding)).toBe(text);
    }
  });

  it("maps the whole Windows-1252 code page, € and curly quotes included", () => {
    expect(decodeBytes(Uint8Array.of(0x80, 0x20, 0x93, 0x4f, 0x94, 0x20, 0x8c, 0x9c), "windows-1252")).toBe(
      "€ “O” Œœ",
    );
  });

  it("decodes the Russian sample a partner sent", () => {
    const text = decodeBytes(fixtureBytes("people_ru_cp1251_semicolon.csv"), "windows-1251");
    expect(text.startsWith("Фамилия Имя;Организация;")).toBe(true);
  });

  it("round-trips text through every encoding that can write it", () => {
    const samples: Record<Encoding, string> = {
      "utf-8": "გიორგი;Լուսինե;İlkin Ağayev;𝔄",
      "utf-16le": "გიორგი;Լուսինե;İlkin Ağayev;𝔄",
      "utf-16be": "გიორგი;Լուսինե;İlkin Ağayev;𝔄",
      "windows-1251": "Щёкин Пётр;Јавид;«Мир»",
      "windows-1252": "Núñez;Größer;„Œuvre“ €",
      "windows-1254": "Ağayev Şahin;İsmayılova Gülşen;Öztürk",
      "koi8-r": "Щёкин Пётр;Ёлкина Ирина",
      "x-mac-cyrillic": "Щёкин Пётр;Јавид;«Мир»",
    };
    for (const encoding of encodings) {
      expect(decodeBytes(encodeText(samples[encoding], encoding), encoding)).toBe(samples[encoding]);
    }
  });
});
