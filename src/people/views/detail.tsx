/** /people/:id: what the network knows of one person; sensitive facts only for coordinators and above. */
import type { Child } from "hono/jsx";
import { DirectoryRecord, type RecordMerge } from "../../directory/views";
import type { Translator } from "../../i18n";
import { countryName } from "../../text/country";
import type { Person } from "../queries";

type DetailProps = {
  i18n: Translator;
  person: Person;
  withSensitive: boolean;
  merge?: RecordMerge;
  children?: Child;
};

/** `children`: the sections below the facts (affiliations, activities, contacts). */
export function PersonPage({ i18n, person: p, withSensitive, merge, children }: DetailProps) {
  const { t } = i18n;
  const base = `/people/${p.id}`;
  // Staff see that a sensitive value exists, not what it is.
  const sensitive = (value: string | null): Child =>
    value === null ? null : withSensitive ? value : <span class="muted">{t("people.sensitiveHidden")}</span>;
  const facts: [string, Child][] = [
    [t("field.otherNames"), p.otherNames.join(", ") || null],
    [t("field.stakeholderType"), t(`stakeholderType.${p.stakeholderType}`)],
    [t("field.gender"), p.gender ? t(`gender.${p.gender}`) : null],
    [t("field.birthYear"), p.birthYear ? String(p.birthYear) : null],
    [t("field.country"), p.country ? countryName(p.country, i18n.locale) : null],
    [t("field.city"), p.city],
    [t("field.email"), p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : null],
    [t("field.phone"), p.phone ? <a href={`tel:${p.phone}`}>{p.phone}</a> : null],
    [t("field.languages"), p.languages.join(", ") || null],
    [t("field.tags"), p.tags.join(", ") || null],
    [t("field.community"), sensitive(p.community)],
    [
      t("field.displacementStatus"),
      sensitive(p.displacementStatus ? t(`displacement.${p.displacementStatus}`) : null),
    ],
  ];
  return (
    <DirectoryRecord
      i18n={i18n}
      base={base}
      title={p.fullName}
      archivedAt={p.archivedAt}
      facts={facts}
      merge={merge}
    >
      {p.notes && <p class="description">{p.notes}</p>}
      {children}
    </DirectoryRecord>
  );
}
