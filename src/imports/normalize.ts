/** One imported cell made into the value Roundtable stores, or the reason it cannot be; and a whole row of them. */
import {
  communitiesServed,
  consentMethods,
  genders,
  organizationKinds,
  participationRoles,
  participationStatuses,
  recordedConsentStatuses,
  stakeholderTypes,
} from "../db/schema/enums";
import { emailProblem, isCalendarDate } from "../directory/fields";
import { limits } from "../directory/limits";
import { withoutNeutraliser } from "../exports/csv";
import type { MessageKey } from "../i18n";
import { az } from "../i18n/az";
import { en } from "../i18n/en";
import { ru } from "../i18n/ru";
import { countryCode } from "../text/country";
import { normalizePhone } from "../text/phone";
import { remembered } from "../text/remembered";
import { normalizeWebsite } from "../text/website";
import { type FieldKey, foldLabel, type ImportKind, isMultiValue, withoutBrackets } from "./fields";

// A file names a handful of countries on 100,000 lines, and each line's country is read twice (see rowValues).
const knownCountryCodes = remembered((text) => countryCode(text) ?? "");
const rememberedCountryCode = (text: string) => knownCountryCodes(text) || null;

export type ImportMessage = Extract<MessageKey, `import.${string}`>;
export type CellResult = { value: unknown; warning?: ImportMessage } | { error: ImportMessage };
export type NormalizeContext = { country: string | null };

const catalogues: Record<string, unknown>[] = [en, ru, az];

/**
 * Recognises a closed vocabulary from its keys, its labels in the three catalogues (`<prefix>.<key>`) and the
 * synonyms given; a form two keys share is recognised as neither.
 */
function vocabulary<const T extends readonly string[]>(
  prefix: string,
  keys: T,
  synonyms: Record<T[number], string>,
): (raw: string) => T[number] | null {
  const index = new Map<string, T[number] | null>();
  const add = (form: string, key: T[number]) => {
    for (const folded of [foldLabel(form), foldLabel(withoutBrackets(form))]) {
      if (folded === "") continue;
      const known = index.get(folded);
      index.set(folded, known === undefined || known === key ? key : null);
    }
  };
  for (const key of keys as readonly T[number][]) {
    add(key, key);
    for (const catalogue of catalogues) {
      const label = catalogue[`${prefix}.${key}`];
      if (typeof label === "string") add(label, key);
    }
    for (const synonym of synonyms[key].split("|")) add(synonym, key);
  }
  return (raw) => index.get(foldLabel(raw)) ?? index.get(foldLabel(withoutBrackets(raw))) ?? null;
}

// Synonyms are written "a|b|c": the forms partners' sheets use besides the keys and the catalogues' labels.
export const readGender = vocabulary("gender", genders, {
  female: "F|Female|W|Woman|Ж|Жен|Женский|Женщина|Q|Qadın|Qad",
  male: "M|Male|Man|М|Муж|Мужской|Мужчина|K|Kişi|Erkək",
  other: "Другое|Non-binary|Небинарный",
});

export const readStakeholderType = vocabulary("stakeholderType", stakeholderTypes, {
  community_leader: "Local leader|Лидер общины|Лидер местного сообщества",
  ngo_representative: "NGO|CSO|NGO staff|Civil society|НКО|НПО|ОО|Представитель НПО|QHT|Vətəndaş cəmiyyəti",
  official:
    "Government|Government official|Civil servant|Public official|Госслужащий|Чиновник|Госорган|Dövlət|" +
    "Dövlət qulluqçusu|Məmur",
  parliamentarian:
    "MP|Member of parliament|Deputy|Parliament|Депутат|Парламент|Член парламента|Deputat|Millət vəkili|" +
    "Parlament|Milli Məclis",
  expert: "Researcher|Analyst|Исследователь|Аналитик|Tədqiqatçı|Analitik",
  journalist: "Reporter|Media|Журналистка|СМИ|Media nümayəndəsi|KİV",
  activist: "Активистка|Aktivist",
  other: "Другой|Другая",
});

export const readOrganizationKind = vocabulary("orgKind", organizationKinds, {
  ngo:
    "NPO|CSO|Non-governmental organisation|Non-governmental organization|Non-profit|НПО|ОО|" +
    "Общественная организация|Общественное объединение|Неправительственная организация|" +
    "Некоммерческая организация|İB|İctimai birlik|Qeyri-hökumət təşkilatı",
  community_group:
    "Community organisation|Community organization|Community-based organisation|CBO|Initiative group|" +
    "Общинная организация|İcma təşkilatı|Təşəbbüs qrupu",
  government:
    "Government|Government agency|Ministry|State body|Local authority|Municipality|Госорган|" +
    "Государственное учреждение|Министерство|Муниципалитет|Dövlət|Dövlət qurumu|Nazirlik|" +
    "İcra hakimiyyəti|Bələdiyyə",
  parliament: "Legislature|Милли Меджлис|Национальное собрание|Milli Məclis",
  international: "International|International organization|INGO|IO|Международная|МНПО|Beynəlxalq",
  donor: "Funder|Grantor|Грантодатель|Donor təşkilat",
  media: "Mass media|Press|Медиа|Пресса|KİV|Mətbuat",
  academic:
    "Academia|University|Research institute|Think tank|Университет|ВУЗ|Научное учреждение|" +
    "Исследовательский центр|Universitet|Elmi müəssisə|Ali məktəb",
  business:
    "Company|Private sector|Private company|Компания|Частный сектор|Коммерческая организация|Şirkət|Özəl sektor",
  other: "Другая",
});

export const readCommunity = vocabulary("community", communitiesServed, {
  national_minorities:
    "Minorities|Ethnic minorities|Нацменьшинства|Нац. меньшинства|Этнические меньшинства|Меньшинства|" +
    "Etnik azlıqlar|Azlıqlar",
  refugees: "Refugee|Беженец|Qaçqın",
  idps: "IDP|IDPs|Internally displaced|Internally displaced persons|ВПЛ|Вынужденные переселенцы|Переселенцы|Məcburi köçkün|Köçkünlər",
  returnees: "Returnee|Репатрианты|Qayıdanlar",
  host_community: "Host communities|Принимающие общины|Принимающая община",
  women: "Woman|Women and girls|Qadın",
  youth: "Young people|Молодежь|Gənc",
  other: "Другое|Другая",
});

export const readRole = vocabulary("participationRole", participationRoles, {
  participant: "Attendee|Delegate|Участница|Слушатель",
  speaker: "Presenter|Panelist|Panellist|Спикер|Выступающий|Spiker|Natiq",
  trainer: "Инструктор",
  facilitator: "Moderator|Модератор",
  organiser: "Organizer",
  observer: "Наблюдательница",
});

export const readStatus = vocabulary("participationStatus", participationStatuses, {
  invited: "Приглашён|Приглашена|Dəvətli",
  registered: "Signed up|Зарегистрирован|Зарегистрирована|Qeydiyyatlı",
  attended:
    "Came|Present|Yes|Присутствовал|Присутствовала|Был|Была|Пришёл|Пришла|Да|İştirak etdi|Gəldi|Gəlib|Bəli",
  no_show:
    "No show|Absent|Did not come|Didn't come|No|Не пришёл|Не пришла|Не явился|Не явилась|Отсутствовал|" +
    "Отсутствовала|Нет|Gəlmədi|İştirak etmədi|İştirak etməyib|Xeyr",
  cancelled: "Canceled|Отменено|Отменил|Отменила|Отказался|Отказалась|Ləğv etdi|İmtina etdi",
  nominated: "Nominee|Выдвинут|Выдвинута|Namizəd",
  declined: "Rejected|Отклонён|Отклонена|Rədd edilib",
});

/**
 * A purpose's consent: yes or no as sheets write them in English, Azerbaijani and Russian (a cross, 1/0, true/false),
 * or the answer's own word ("Given", "Отозвано": what our export writes).
 */
export const readConsentAnswer = vocabulary("consent", recordedConsentStatuses, {
  given:
    "Yes|Y|X|Х|1|True|Agreed|Agree|Signed|Да|Д|Согласен|Согласна|Согласие дано|Bəli|Hə|Ha|Razıdır|Razıyam|Verildi",
  refused:
    "No|N|0|False|Refused|Declined|Нет|Н|Не согласен|Не согласна|Отказ|Отказался|Отказалась|Xeyr|Yox|Razı deyil|İmtina",
  withdrawn: "Revoked|Отозвал|Отозвала|Отозвано согласие|Geri aldı|Geri götürdü",
});

export const readConsentMethod = vocabulary("consentMethod", consentMethods, {
  written: "Signed|Signature|Paper|Form|Подпись|Письменное|Бумажная форма|İmza|Yazılı forma|Kağız",
  verbal: "Oral|Orally|Verbally|Spoken|Устное|Устно|Şifahi olaraq",
  electronic: "Online|Email|E-mail|Web form|Электронное|Онлайн|Эл. почта|Onlayn|E-poçt",
  other: "Другое|Иное|Başqa",
});

/**
 * A day as sheets write it: 2024-05-31, or day first (31.05.2024, 31/05/2024, 31-05-2024) as Azerbaijani, Russian
 * and British sheets do. A day after today anywhere on Earth is in the future.
 */
export function readConsentDate(text: string): CellResult {
  const iso = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(text);
  const dayFirst = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : dayFirst
      ? [dayFirst[3], dayFirst[2], dayFirst[1]]
      : [];
  const value = year ? `${year}-${month?.padStart(2, "0")}-${day?.padStart(2, "0")}` : "";
  if (!isCalendarDate(value)) return { error: "import.consentDate" };
  const latestToday = new Date(Date.now() + 14 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return value > latestToday ? { error: "import.consentDateFuture" } : { value };
}

/** Names and other one-line texts: inner spaces and line breaks become one space. */
const oneLineFields = new Set<FieldKey>([
  "full_name",
  "given_name",
  "family_name",
  "name",
  "organization",
  "position",
  "city",
]);

/** The forms' own limits (`src/directory/limits.ts`), so a row the preview accepts is one the form would accept. */
const maxLength: Partial<Record<FieldKey, number>> = {
  full_name: limits.personName,
  given_name: limits.personName,
  family_name: limits.personName,
  name: limits.organizationName,
  organization: limits.organizationName,
  position: limits.position,
  city: limits.city,
  address: limits.address,
  phone: limits.phone,
  notes: limits.notes,
};
const listLimits: Partial<Record<FieldKey, { items: number; length: number }>> = {
  languages: limits.languages,
};

function choice<T>(read: (raw: string) => T | null, text: string, error: ImportMessage): CellResult {
  const value = read(text);
  return value === null ? { error } : { value };
}

/** "a; b, a" → ["a", "b"]. */
function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[;,]/)
        .map((item) => item.trim().replace(/\s+/g, " "))
        .filter(Boolean),
    ),
  ];
}

function normalizeList(key: FieldKey, text: string): CellResult {
  const items = splitList(text);
  if (key === "communities") {
    const values = items.map(readCommunity);
    if (values.some((value) => value === null)) return { error: "import.community" };
    return { value: [...new Set(values)] };
  }
  const allowed = listLimits[key] ?? limits.list;
  if (items.length > allowed.items || items.some((item) => item.length > allowed.length)) {
    return { error: "import.tooLong" };
  }
  return { value: items };
}

/**
 * A "?" beside a letter is a letter the file could not hold: Excel writes one for ə when it saves in a code page
 * without it (1254, 1252), at the start, inside or at the end of a word ("?liyev", "M?mm?dov", "Lal?"). In a name it would be stored as part of the name and never match the person again, so the
 * line is refused with the way out; in a position, city or address it is kept and the line says so.
 */
const lostLetter = /(?<=\p{L})\?|\?(?=\p{L})/u;
const namesRefusingLostLetters = new Set<FieldKey>([
  "full_name",
  "given_name",
  "family_name",
  "name",
  "organization",
]);
const textsNotingLostLetters = new Set<FieldKey>(["position", "city", "address"]);

function normalizeText(key: FieldKey, text: string): CellResult {
  const value = oneLineFields.has(key) ? text.replace(/\s+/g, " ") : text;
  const max = maxLength[key];
  if (max !== undefined && value.length > max) return { error: "import.tooLong" };
  if (lostLetter.test(value)) {
    if (namesRefusingLostLetters.has(key)) return { error: "import.lettersLost" };
    if (textsNotingLostLetters.has(key)) return { value, warning: "import.lettersLostKept" };
  }
  return { value };
}

/** One cell: an empty one is null (an empty list for a multi-value field); a value that cannot be read is an error. */
export function normalizeCell(
  _kind: ImportKind,
  key: FieldKey,
  raw: string,
  context: NormalizeContext,
): CellResult {
  const text = raw.normalize("NFC").trim();
  if (isMultiValue(key)) return normalizeList(key, text);
  if (text === "") return { value: null };
  switch (key) {
    case "email": {
      const value = text.toLowerCase();
      const problem = emailProblem(value);
      if (problem === null) return { value };
      return { error: problem === "form.tooLong" ? "import.tooLong" : "import.email" };
    }
    case "phone": {
      const phone = normalizePhone(text, context.country ?? undefined);
      if (phone.value.length > 60) return { error: "import.tooLong" };
      return phone.parsed ? { value: phone.value } : { value: phone.value, warning: "import.phoneKept" };
    }
    case "country":
      return choice(rememberedCountryCode, text, "import.country");
    case "website":
      return choice(normalizeWebsite, text, "import.website");
    case "gender":
      return choice(readGender, text, "import.gender");
    case "birth_year": {
      const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
      return year >= 1900 && year <= new Date().getFullYear()
        ? { value: year }
        : { error: "import.birthYear" };
    }
    case "stakeholder_type":
      return choice(readStakeholderType, text, "import.stakeholderType");
    case "type":
      return choice(readOrganizationKind, text, "import.organizationType");
    case "role":
      return choice(readRole, text, "import.role");
    case "status":
      return choice(readStatus, text, "import.status");
    case "consent_participation":
    case "consent_contact":
    case "consent_photos":
    case "consent_donor_sharing":
      return choice(readConsentAnswer, text, "import.consent");
    case "consent_date":
      return readConsentDate(text);
    case "consent_method":
      return choice(readConsentMethod, text, "import.consentMethod");
    default:
      return normalizeText(key, text);
  }
}

export type RowValues = {
  values: Partial<Record<FieldKey, unknown>>;
  errors: { column: number; header?: string; message: ImportMessage }[];
  warnings: { column: number; message: ImportMessage }[];
};

const isEmpty = (value: unknown) =>
  value === null || value === undefined || (Array.isArray(value) && !value.length);

/**
 * A whole row through its mapping. The row's country is read first, so its phones are read as that country's.
 * Headers, when given, name the column in each error.
 */
export function rowValues(
  kind: ImportKind,
  mapping: (FieldKey | null)[],
  cells: string[],
  headers?: string[],
): RowValues {
  const result: RowValues = { values: {}, errors: [], warnings: [] };
  const fail = (column: number, message: ImportMessage) => {
    const header = headers?.[column];
    result.errors.push(header === undefined ? { column, message } : { column, header, message });
  };
  const countryColumn = mapping.indexOf("country");
  const country =
    countryColumn < 0 ? null : normalizeCell(kind, "country", cells[countryColumn] ?? "", { country: null });
  const context = { country: country && "value" in country ? (country.value as string | null) : null };

  for (const [column, key] of mapping.entries()) {
    if (key === null) continue;
    // Our own exports put an apostrophe before a "+994…" phone or a formula-like text: it goes again on the way in.
    const cell = normalizeCell(kind, key, withoutNeutraliser(cells[column] ?? ""), context);
    if ("error" in cell) {
      fail(column, cell.error);
      continue;
    }
    if (cell.warning) result.warnings.push({ column, message: cell.warning });
    // A saved mapping may give one field two columns: lists are joined, otherwise the first filled one counts.
    const known = result.values[key];
    if (Array.isArray(known) && Array.isArray(cell.value)) {
      result.values[key] = [...new Set([...known, ...cell.value])];
    } else if (isEmpty(known)) {
      result.values[key] = cell.value;
    }
  }

  const nameKey = kind === "organizations" ? "name" : "full_name";
  if (nameKey === "full_name" && isEmpty(result.values.full_name)) {
    const parts = [result.values.given_name, result.values.family_name].filter((part) => !isEmpty(part));
    if (parts.length > 0) result.values.full_name = parts.join(" ");
  }
  if (isEmpty(result.values[nameKey])) {
    // The error belongs to the name's column; for a person without one, to the given or family name's column.
    const fullNameColumn = mapping.indexOf(nameKey);
    const column =
      fullNameColumn >= 0
        ? fullNameColumn
        : mapping.findIndex(
            (key) => nameKey === "full_name" && (key === "given_name" || key === "family_name"),
          );
    // A name column that holds an error (too long) already says so.
    if (!result.errors.some((error) => error.column === column)) fail(column, "import.nameMissing");
  }
  return result;
}
