/** A person's page with everything on it (facts, affiliations, activities, contacts), for the person routes and the forms posted from it. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { listPersonParticipations } from "../activities/queries";
import { PersonActivities } from "../activities/views";
import { listPersonAffiliations } from "../affiliations/queries";
import { PersonAffiliations } from "../affiliations/views";
import { signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { listConsents } from "../consent/queries";
import { PersonConsentSection } from "../consent/views";
import { listPersonContacts } from "../interactions/queries";
import { ContactLogSection, contactsShown } from "../interactions/views";
import { recordMerge } from "../merge/history";
import { recordSensitiveView, withSensitiveValues } from "../protection/access-log";
import { AccessLogLink } from "../protection/access-log-views";
import { renderErasedPerson } from "../protection/erasure-routes";
import { EraseLink } from "../protection/erasure-views";
import { EverythingLink } from "../protection/everything-views";
import type { AppEnv } from "../web/env";
import type { FormErrors, FormValues } from "../web/form";
import { render } from "../web/render";
import type { Person } from "./queries";
import { PersonPage } from "./views/detail";

/** `affiliationForm`: what was typed into the add-affiliation form, when it comes back with errors. */
export async function renderPersonPage(
  c: Context<AppEnv>,
  person: Person,
  affiliationForm?: { values: FormValues; errors: FormErrors },
  status?: ContentfulStatusCode,
) {
  // Erased on request: nothing of them is shown, to anyone (decision 24).
  if (person.erasedAt) return renderErasedPerson(c, person, status);
  const role = signedIn(c).user.role;
  const [affiliations, participations, contacts, consents] = await Promise.all([
    listPersonAffiliations(c.get("db"), person.id),
    listPersonParticipations(c.get("db"), person.id),
    listPersonContacts(c.get("db"), person.id, contactsShown),
    listConsents(c.get("db"), person.id),
  ]);
  await recordSensitiveView(c, "person", withSensitiveValues([person]));
  const page = (
    <PersonPage
      i18n={c.get("i18n")}
      person={person}
      withSensitive={can(role, "sensitive:view")}
      merge={await recordMerge(c, "person", person)}
    >
      <PersonAffiliations
        i18n={c.get("i18n")}
        personId={person.id}
        affiliations={affiliations}
        canEdit={can(role, "directory:edit") && person.mergedIntoId === null}
        {...affiliationForm}
      />
      <PersonConsentSection
        i18n={c.get("i18n")}
        personId={person.id}
        consents={consents}
        canEdit={can(role, "directory:edit") && person.mergedIntoId === null}
      />
      <PersonActivities i18n={c.get("i18n")} rows={participations} />
      <ContactLogSection i18n={c.get("i18n")} log={contacts} timelineHref={`/people/${person.id}/timeline`} />
      {can(role, "sensitive:view") && <AccessLogLink i18n={c.get("i18n")} personId={person.id} />}
      {can(role, "people:everything") && <EverythingLink i18n={c.get("i18n")} personId={person.id} />}
      {can(role, "people:erase") && person.mergedIntoId === null && (
        <EraseLink i18n={c.get("i18n")} personId={person.id} />
      )}
    </PersonPage>
  );
  return render(c, { title: person.fullName, status }, page);
}
