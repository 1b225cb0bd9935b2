/** The translation helper: one message catalogue per language, plurals with Intl.PluralRules, dates and numbers with Intl. */
import { locales } from "../db/schema/enums";
import { az } from "./az";
import { en, type MessageKey, type Messages } from "./en";
import { ru } from "./ru";

export { locales };
export type Locale = (typeof locales)[number];
export type { MessageKey };

const catalogues: Record<Locale, Messages> = { en, az, ru };

/** The name of each language in itself, for the switcher. */
export const localeNames: Record<Locale, string> = { en: "English", az: "Azərbaycanca", ru: "Русский" };

export type Params = Record<string, string | number>;

export type Translator = {
  locale: Locale;
  /** Today's date (YYYY-MM-DD) where the programme is. */
  today: () => string;
  t: (key: MessageKey, params?: Params) => string;
  number: (value: number) => string;
  /** 0.47 → "47%" ("%47" in Azerbaijani). */
  percent: (fraction: number) => string;
  date: (value: Date | string, style?: "date" | "datetime") => string;
};

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

/** A record field's label (`field.<name>`), or its name when it has none. */
export function fieldLabel(i18n: Pick<Translator, "t">, field: string): string {
  const key = `field.${field}`;
  return isMessageKey(key) ? i18n.t(key) : field;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

function interpolate(template: string, params: Params, formatNumber: (n: number) => string): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

/**
 * One translator per language and time zone, made once: building its Intl formatters took more of a request's time
 * than any other step of a page (measured with --cpu-prof under bench:load). They hold no data, only formats.
 */
const translators = new Map<string, Translator>();

/** Calendar dates (an activity's day) are shown as they are; times of day in the programme's time zone. */
export function createTranslator(locale: Locale, timeZone = "UTC"): Translator {
  const key = `${locale} ${timeZone}`;
  // Frozen: every request of that language shares it.
  const made = translators.get(key) ?? Object.freeze(makeTranslator(locale, timeZone));
  translators.set(key, made);
  return made;
}

function makeTranslator(locale: Locale, timeZone: string): Translator {
  const catalogue = catalogues[locale];
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const number = (value: number) => numbers.format(value);
  const percents = new Intl.NumberFormat(locale, { style: "percent" });
  // "en-CA" writes a day as YYYY-MM-DD.
  const isoDays = new Intl.DateTimeFormat("en-CA", { timeZone });
  return {
    locale,
    today: () => isoDays.format(new Date()),
    number,
    percent: (fraction) => percents.format(fraction),
    date: (value, style = "date") => {
      const when = typeof value === "string" ? new Date(value) : value;
      return (style === "date" ? dates : dateTimes).format(when);
    },
    t: (key, params = {}) => {
      const message = catalogue[key];
      if (typeof message === "string") return interpolate(message, params, number);
      const count = typeof params.count === "number" ? params.count : 0;
      // "zero" is ours, not the language's rule: a message may say "nothing changed" instead of "0 changed".
      const form = (
        count === 0 && message.zero !== undefined ? "zero" : plurals.select(count)
      ) as keyof typeof message;
      return interpolate(message[form] ?? message.other, params, number);
    },
  };
}

/** Picks the best supported language from an Accept-Language header ("ru-RU,ru;q=0.9,en;q=0.8"). */
export function negotiateLocale(acceptLanguage: string | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(",")
    .map((part) => {
      const [tag = "", ...options] = part.trim().split(";");
      const quality = options.find((option) => option.trim().startsWith("q="));
      return {
        language: tag.trim().toLowerCase().split("-")[0],
        q: quality ? Number(quality.trim().slice(2)) : 1,
      };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.language).find(isLocale) ?? null;
}
