/** The three catalogues stay complete and consistent; plurals, language choice and numbers follow each locale. */
import { describe, expect, it } from "vitest";
import { createTranslator, type MessageKey, negotiateLocale } from "../../src/i18n";
import { az } from "../../src/i18n/az";
import { en, type Message } from "../../src/i18n/en";
import { ru } from "../../src/i18n/ru";

function placeholders(message: Message): string[] {
  const texts = typeof message === "string" ? [message] : Object.values(message);
  const names = texts.flatMap((text) =>
    [...(text ?? "").matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ""),
  );
  return [...new Set(names)].sort();
}

const keys = Object.keys(en) as MessageKey[];

describe("catalogues", () => {
  it.each([
    ["az", az],
    ["ru", ru],
  ] as const)("%s has every English key with the same placeholders", (_name, catalogue) => {
    const missing = keys.filter((key) => !(key in catalogue));
    expect(missing).toEqual([]);
    const different = keys.filter(
      (key) => placeholders(catalogue[key]).join(",") !== placeholders(en[key]).join(","),
    );
    expect(different).toEqual([]);
  });

  it.each([
    ["az", az],
    ["ru", ru],
  ] as const)("%s has no keys English lacks", (_name, catalogue) => {
    expect(Object.keys(catalogue).filter((key) => !(key in en))).toEqual([]);
  });
});

describe("createTranslator", () => {
  it("uses the three Russian plural forms for 1, 3 and 5 seconds", () => {
    const { t } = createTranslator("ru");
    const one = t("login.throttled", { count: 1 });
    const few = t("login.throttled", { count: 3 });
    const many = t("login.throttled", { count: 5 });
    expect(one).toContain("1 секунду");
    expect(few).toContain("3 секунды");
    expect(many).toContain("5 секунд ");
    expect(new Set([one.replace("1", "#"), few.replace("3", "#"), many.replace("5", "#")]).size).toBe(3);
    expect(t("login.throttled", { count: 21 })).toContain("21 секунду");
  });

  it("uses the English singular only for one", () => {
    const { t } = createTranslator("en");
    expect(t("login.throttled", { count: 1 })).toContain("1 second ");
    expect(t("login.throttled", { count: 5 })).toContain("5 seconds");
  });

  it("says a message's own words for none, where it has them, in every language", () => {
    for (const locale of ["en", "ru", "az"] as const) {
      const { t } = createTranslator(locale);
      const none = t("participants.markedAttended", { count: 0 });
      expect(none).not.toContain("0");
      expect(t("participants.markedAttended", { count: 2 })).toContain("2");
    }
  });

  it("fills placeholders", () => {
    expect(createTranslator("en").t("dashboard.greeting", { name: "Aysel" })).toBe("Welcome, Aysel");
  });

  it("formats numbers per locale", () => {
    expect(createTranslator("en").number(1234567.5)).toBe("1,234,567.5");
    expect(createTranslator("az").number(1234567.5)).toBe("1.234.567,5");
    expect(createTranslator("ru").number(1234567.5)).toBe("1\u00a0234\u00a0567,5");
  });

  it("formats a count inside a message per locale", () => {
    expect(createTranslator("ru").t("login.throttled", { count: 1000 })).toContain("1\u00a0000");
  });
});

describe("negotiateLocale", () => {
  it("picks Russian from a Russian browser", () => {
    expect(negotiateLocale("ru-RU,ru;q=0.9,en;q=0.8")).toBe("ru");
  });

  it("picks the highest-quality supported language, not the first listed", () => {
    expect(negotiateLocale("en;q=0.5,az;q=0.9")).toBe("az");
  });

  it("returns null for a language it does not have", () => {
    expect(negotiateLocale("fr")).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
  });

  it("ignores a language refused with q=0", () => {
    expect(negotiateLocale("ru;q=0,en;q=0.5")).toBe("en");
    expect(negotiateLocale("az;q=0")).toBeNull();
  });
});
