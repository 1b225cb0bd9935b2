/** A person's page with everything on it (facts, affiliations), for the person routes and the forms posted from it. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { listPersonAffiliations } from "../affiliations/queries";
import { PersonAffiliations } from "../affiliations/views";
import { signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
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
  const role = signedIn(c).user.role;
  const affiliations = await listPersonAffiliations(c.var.db, person.id);
  const page = (
    <PersonPage i18n={c.var.i18n} person={person} withSensitive={can(role, "sensitive:view")}>
      <PersonAffiliations
        i18n={c.var.i18n}
        personId={person.id}
        affiliations={affiliations}
        canEdit={can(role, "directory:edit")}
        {...affiliationForm}
      />
    </PersonPage>
  );
  return render(c, { title: person.fullName, status }, page);
}
