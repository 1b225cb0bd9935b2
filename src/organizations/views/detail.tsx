/** /organizations/:id: what the network knows of one organisation. */
import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n";
import { countryName } from "../../text/country";
import type { Organization } from "../queries";

/** `children`: the sections below the facts (its people, and later its activities and contacts). */
export function OrganizationPage({
  i18n,
  organization,
  children,
}: {
  i18n: Translator;
  organization: Organization;
  children?: Child;
}) {
  const { t } = i18n;
  const o = organization;
  const base = `/organizations/${o.id}`;
  const facts: [string, unknown][] = [
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
    <article aria-labelledby="organization-title">
      <div class="page-head">
        <h1 id="organization-title">{o.name}</h1>
        <div class="actions">
          <a class="button" href={`${base}/edit`}>
            {t("directory.edit")}
          </a>
          <a class="button" href={`${base}/history`}>
            {t("history.link")}
          </a>
          <form method="post" action={`${base}/${o.archivedAt ? "restore" : "archive"}`} class="inline-form">
            <button type="submit">{o.archivedAt ? t("directory.restore") : t("directory.archive")}</button>
          </form>
        </div>
      </div>
      {o.archivedAt && (
        <p class="notice">{t("directory.archivedNotice", { date: i18n.date(o.archivedAt) })}</p>
      )}
      <dl class="facts">
        {facts
          .filter(([, value]) => value !== null && value !== "")
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
      {o.description && <p class="description">{o.description}</p>}
      {children}
    </article>
  );
}
