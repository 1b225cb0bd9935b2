/** The fields each kind of import fills, and the automatic matching of a file's column headers to them. */
import { importKinds } from "../db/schema/enums";
import { az } from "../i18n/az";
import { en } from "../i18n/en";
import { ru } from "../i18n/ru";

export { importKinds };
export type ImportKind = (typeof importKinds)[number];

const peopleFields = [
  "full_name",
  "given_name",
  "family_name",
  "email",
  "phone",
  "gender",
  "birth_year",
  "stakeholder_type",
  "organization",
  "position",
  "city",
  "country",
  "languages",
  "tags",
  "notes",
  // Consent per purpose (src/consent): yes or no in any of our languages; the day and how, for all of a line's answers.
  "consent_participation",
  "consent_contact",
  "consent_photos",
  "consent_donor_sharing",
  "consent_date",
  "consent_method",
] as const;
const organizationFields = [
  "name",
  "type",
  "country",
  "city",
  "address",
  "website",
  "email",
  "phone",
  "sectors",
  "communities",
  "tags",
  "notes",
] as const;
const participantFields = [...peopleFields, "role", "status"] as const;

export type FieldKey =
  | (typeof peopleFields)[number]
  | (typeof organizationFields)[number]
  | (typeof participantFields)[number];

const fieldsByKind: Record<ImportKind, readonly FieldKey[]> = {
  people: peopleFields,
  organizations: organizationFields,
  participants: participantFields,
};

/** The field keys of one kind of import, in the order the wizard lists them. */
export function fieldKeys(kind: ImportKind): readonly FieldKey[] {
  return fieldsByKind[kind];
}

export const multiValueFields: readonly FieldKey[] = ["languages", "tags", "sectors", "communities"];

export function isMultiValue(key: FieldKey): boolean {
  return multiValueFields.includes(key);
}

/**
 * One comparable form of a header or a label: case, ё/е, diacritics, spaces and punctuation ignored, so "E-mail",
 * "e mail" and "EMAIL" are one, and so are "Эл. почта" and "эл.почта", "Təşkilat" and "Teskilat".
 */
export function foldLabel(value: string): string {
  return (
    value
      .normalize("NFC")
      .toLowerCase()
      // ə and ı are letters of their own, but people without an Azerbaijani keyboard type e and i (and Excel
      // saving in Windows-1254 writes e or "?" for ə; "?" is read in matchHeader).
      .replace(/ə/g, "e")
      .replace(/ı/g, "i")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\p{L}\p{N}]+/gu, "")
  );
}

/** The same text without what is in brackets: "Телефон (моб.)", "Gender (M/F)", "Приглашён(а)". */
export function withoutBrackets(value: string): string {
  return value.replace(/\([^)]*\)|\[[^\]]*\]/g, " ");
}

/**
 * Headers as partners' spreadsheets write them ("a|b|c"), in English, Russian and Azerbaijani. The field key and the
 * wizard's labels (importField.*) in the three catalogues match too. A header may appear under two fields only when
 * no kind of import has both ("Name" is a person's full name, or an organisation's name).
 */
const synonyms: Record<FieldKey, string> = {
  full_name:
    "Name|Full name|Name and surname|Name surname|First and last name|Participant|Participant name|" +
    "Participant's name|Person|Contact person|Contact name|ФИО|Ф.И.О.|ФИО участника|Фамилия Имя|" +
    "Имя Фамилия|Фамилия и имя|Имя и фамилия|Фамилия, имя, отчество|Полное имя|Участник|Участники|" +
    "Ad Soyad|Adı, soyadı|Soyadı, adı|Ad və soyad|Soyad Ad|Adı, soyadı, atasının adı|" +
    "Ad, soyad, ata adı|A.S.A.|İştirakçı|İştirakçının adı",
  given_name: "First name|Given name|Forename|Имя|Ad|Adı",
  family_name: "Last name|Surname|Family name|Фамилия|Soyad|Soyadı",
  email:
    "Email|E-mail|Email address|E-mail address|Mail|Эл. почта|Электронная почта|Эл. адрес|" +
    "Адрес эл. почты|Адрес электронной почты|Е-mail|Имейл|Почта|E-poçt|E-poçt ünvanı|Elektron poçt|" +
    "Elektron ünvan",
  phone:
    "Phone|Phone number|Telephone|Tel|Mobile|Mobile phone|Mobile number|Cell|Cell phone|" +
    "Contact number|Телефон|Тел.|Моб. телефон|Моб.|Мобильный|Мобильный телефон|Номер телефона|" +
    "Контактный телефон|Telefon|Telefon nömrəsi|Mobil|Mobil telefon|Mobil nömrə|Əlaqə nömrəsi|" +
    "Əlaqə telefonu",
  gender: "Gender|Sex|Пол|Cins|Cinsi",
  birth_year: "Birth year|Year of birth|Born|Год рождения|Г.р.|Doğum ili|Təvəllüd",
  stakeholder_type:
    "Stakeholder type|Stakeholder|Category|Type|Тип|Категория|Тип участника|Növ|Kateqoriya|" +
    "Maraqlı tərəf",
  organization:
    "Organisation|Organization|Organisation name|Organization name|Affiliation|Institution|Agency|" +
    "Company|Employer|Организация|Название организации|Организация/учреждение|Учреждение|" +
    "Место работы|Təşkilat|Təşkilatın adı|Qurum|Müəssisə|İş yeri",
  position: "Position|Job title|Job|Designation|Должность|Позиция|Vəzifə|Vəzifəsi",
  city: "City|Town|City/Town|Город|Населённый пункт|Город/район|Şəhər|Şəhər/rayon|Yaşayış məntəqəsi",
  country: "Country|Country of residence|Страна|Страна проживания|Ölkə",
  languages: "Languages|Language|Languages spoken|Языки|Язык|Владение языками|Dillər|Dil",
  tags: "Tags|Tag|Labels|Keywords|Теги|Метки|Ключевые слова|Teqlər|Etiketlər",
  notes:
    "Notes|Note|Comment|Comments|Remarks|Additional information|Комментарий|Комментарии|Примечание|" +
    "Примечания|Заметки|Qeyd|Qeydlər|Şərh|Əlavə məlumat",
  name:
    "Name|Organisation|Organization|Organisation name|Organization name|Название|Наименование|" +
    "Название организации|Наименование организации|Организация|Имя|Ad|Adı|Təşkilat|Təşkilatın adı|" +
    "Qurum|Qurumun adı",
  type:
    "Type|Kind|Category|Organisation type|Organization type|Тип|Вид|Категория|Тип организации|Növ|" +
    "Tip|Kateqoriya|Təşkilatın növü",
  address: "Address|Street address|Адрес|Фактический адрес|Ünvan",
  website:
    "Website|Web site|Web|URL|Site|Homepage|Сайт|Веб-сайт|Интернет-сайт|Sayt|Veb-sayt|" + "İnternet səhifəsi",
  sectors:
    "Sectors|Sector|Areas of work|Thematic areas|Focus areas|Сферы деятельности|Сфера деятельности|" +
    "Направления деятельности|Направления работы|Сектор|Fəaliyyət sahələri|Fəaliyyət sahəsi|Sahələr|" +
    "Sektor",
  communities:
    "Communities served|Communities|Target groups|Target group|Beneficiaries|Целевые группы|" +
    "Целевая группа|Сообщества|Благополучатели|Hədəf qrupları|Hədəf qrupu|İcmalar",
  role: "Role|Participant role|Роль|Роль участника|Rol|İştirakçının rolu",
  status: "Status|Attendance|Participation status|Статус|Присутствие|Участие|İştirak|Davamiyyət",
  consent_participation:
    "Consent|Consent to participate|Consent to take part|Participation consent|Согласие|Согласие на участие|" +
    "Razılıq|İştiraka razılıq|İştirak razılığı",
  consent_contact:
    "Consent to contact|Contact consent|Consent to be contacted|Mailing consent|Согласие на связь|" +
    "Согласие на рассылку|Согласие на контакт|Əlaqəyə razılıq|Əlaqə razılığı",
  consent_photos:
    "Photo consent|Photos consent|Consent to photos|Consent to photography|Согласие на фото|" +
    "Согласие на фотосъемку|Согласие на фотосъёмку|Foto razılığı|Fotoya razılıq|Şəkil razılığı",
  consent_donor_sharing:
    "Donor consent|Consent to share with donors|Sharing with donors|Согласие на передачу донорам|" +
    "Передача донорам|Donorlarla paylaşmağa razılıq|Donorlarla paylaşma",
  consent_date: "Consent date|Date of consent|Дата согласия|Razılıq tarixi|Razılığın tarixi",
  consent_method:
    "Consent method|How consent was given|Способ согласия|Форма согласия|Razılığın forması|" +
    "Razılıq üsulu",
};

/** The headers (besides its key and labels) that name a field. */
export function headerSynonyms(key: FieldKey): string[] {
  return synonyms[key].split("|");
}

const catalogues = [en, ru, az];

function headerIndex(kind: ImportKind): Map<string, FieldKey> {
  const index = new Map<string, FieldKey>();
  for (const key of fieldKeys(kind)) {
    const labels = catalogues.map((catalogue) => catalogue[`importField.${key}`]);
    for (const header of [key, ...labels, ...headerSynonyms(key)]) {
      if (typeof header !== "string") continue;
      const folded = foldLabel(header);
      // The earlier field keeps a header two fields share; the synonym test keeps that from happening.
      if (!index.has(folded)) index.set(folded, key);
    }
  }
  return index;
}

const indexes = new Map<ImportKind, Map<string, FieldKey>>();

/** Excel saving in Windows-1254 writes "?" for the ə it cannot hold: "T?şkilat", "V?zif?", "?laq? n?mr?si". */
const withLostLettersAsƏ = (header: string) => header.replace(/(?<=\p{L})\?|\?(?=\p{L})/gu, "ə");

/**
 * The field one header names, or null: first as written, then without what is in brackets ("Пол (М/Ж)"), then, for
 * a header with "?" after a letter, with ə in its place.
 */
export function matchHeader(kind: ImportKind, header: string): FieldKey | null {
  let index = indexes.get(kind);
  if (!index) {
    index = headerIndex(kind);
    indexes.set(kind, index);
  }
  const known = index;
  const find = (text: string) => known.get(foldLabel(text)) ?? known.get(foldLabel(withoutBrackets(text)));
  return find(header) ?? (header.includes("?") ? find(withLostLettersAsƏ(header)) : undefined) ?? null;
}

/** Each column's field, or null to ignore it; a field is filled by its first column only, later ones are ignored. */
export function matchHeaders(kind: ImportKind, headers: string[]): (FieldKey | null)[] {
  const used = new Set<FieldKey>();
  return headers.map((header) => {
    const key = matchHeader(kind, header);
    if (key === null || used.has(key)) return null;
    used.add(key);
    return key;
  });
}
