/** The results of the search across people and organisations, best matches first. */
import type { Translator } from "../i18n";
import type { OrganizationRow } from "../organizations/queries";
import type { PersonRow } from "../people/queries";

type Found<Row> = { rows: Row[]; total: number; more: boolean } | null;

/** "1,000+" when the search stopped counting. */
function countOf(i18n: Translator, found: { total: number; more: boolean }): string | number {
  return found.more ? `${i18n.number(found.total)}+` : found.total;
}
type SearchProps = {
  i18n: Translator;
  q: string;
  people: Found<PersonRow>;
  organizations: Found<OrganizationRow>;
};

export function SearchPage({ i18n, q, people, organizations }: SearchProps) {
  const { t } = i18n;
  const query = encodeURIComponent(q);
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{q ? t("search.resultsFor", { q }) : t("search.title")}</h1>
      {people && organizations && people.total + organizations.total === 0 && <p>{t("search.none")}</p>}
      {people && people.total > 0 && (
        <>
          <h2>{t("people.title")}</h2>
          <ul class="plain-list">
            {people.rows.slice(0, 20).map((person) => (
              <li>
                <a href={`/people/${person.id}`}>{person.fullName}</a>
                {person.otherNames.length > 0 && <span class="muted"> ({person.otherNames.join(", ")})</span>}
                <span class="muted"> · {t(`stakeholderType.${person.stakeholderType}`)}</span>
              </li>
            ))}
          </ul>
          {people.total > 20 && (
            <a href={`/people?q=${query}`}>{t("search.allPeople", { count: countOf(i18n, people) })}</a>
          )}
        </>
      )}
      {organizations && organizations.total > 0 && (
        <>
          <h2>{t("organizations.title")}</h2>
          <ul class="plain-list">
            {organizations.rows.slice(0, 20).map((organization) => (
              <li>
                <a href={`/organizations/${organization.id}`}>{organization.name}</a>
                <span class="muted"> · {t(`orgKind.${organization.kind}`)}</span>
              </li>
            ))}
          </ul>
          {organizations.total > 20 && (
            <a href={`/organizations?q=${query}`}>
              {t("search.allOrganizations", { count: countOf(i18n, organizations) })}
            </a>
          )}
        </>
      )}
    </section>
  );
}
