/** /organizations/:id: what the network knows of one organisation. */
import type { Child } from "hono/jsx";
import { DirectoryRecord, type RecordMerge } from "../../directory/views";
import type { Translator } from "../../i18n";
import { countryName } from "../../text/country";
import type { Organization } from "../queries";

/** `children`: the sections below the facts (its people, its activities, its contacts). */
export function OrganizationPage({
  i18n,
  organization,
  merge,
  children,
}: {
  i18n: Translator;
  organization: Organization;
  merge?: RecordMerge;
  children?: Child;
}) {
  const { t } = i18n;
  const o = organization;
  const base = `/organizations/${o.id}`;
  const facts: [string, Child][] = [
    [t("field.kind"), t(`orgKind.${o.kind}`)],
    [t("field.country"), o.country ? countryName(o.country, i18n.locale) : null],
    [t("field.city"), o.city],
    [t("field.address"), o.address],
    [
      t("field.website"),
      o.website ? (
        <a href={o.website} rel="noopener noreferrer">
          {o.website}
        </a>
      ) : null,
    ],
    [t("field.email"), o.email ? <a href={`mailto:${o.email}`}>{o.email}</a> : null],
    [t("field.phone"), o.phone ? <a href={`tel:${o.phone}`}>{o.phone}</a> : null],
    [t("field.sectors"), o.sectors.join(", ") || null],
    [t("field.communitiesServed"), o.communitiesServed.map((c) => t(`community.${c}`)).join(", ") || null],
    [t("field.tags"), o.tags.join(", ") || null],
  ];
  return (
    <DirectoryRecord
      i18n={i18n}
      base={base}
      title={o.name}
      archivedAt={o.archivedAt}
      facts={facts}
      merge={merge}
    >
      {o.description && <p class="description">{o.description}</p>}
      {children}
    </DirectoryRecord>
  );
}
