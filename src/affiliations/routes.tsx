/** Affiliations: added and ended from a person's page; the organisation typeahead they use. */
import { type Context, Hono } from "hono";
import { need, signedIn } from "../auth/middleware";
import { recordId } from "../directory/fields";
import { renderPersonPage } from "../people/page";
import { getPerson } from "../people/queries";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { parseForm } from "../web/form";
import { addAffiliation, endAffiliation, findOrganizationByName, suggestOrganizations } from "./queries";
import { affiliationSchema, endAffiliationSchema } from "./validation";
import { OrganizationSuggestions } from "./views";

export const affiliationRoutes = new Hono<AppEnv>();
const edit = need("directory:edit");

function actor(c: Context<AppEnv>) {
  return { userId: signedIn(c).user.id, requestId: c.var.requestId };
}

affiliationRoutes.get("/organizations/suggestions", need("directory:view"), async (c) => {
  const names = await suggestOrganizations(c.var.db, (c.req.query("organization") ?? "").slice(0, 200));
  return c.html(<OrganizationSuggestions names={names} />);
});

affiliationRoutes.post("/people/:id/affiliations", edit, async (c) => {
  const id = recordId.safeParse(c.req.param("id"));
  const person = id.success ? await getPerson(c.var.db, id.data) : undefined;
  if (!person) return renderErrorPage(c, 404);
  const form = await parseForm(c, affiliationSchema);
  const organizationId = form.ok ? await findOrganizationByName(c.var.db, form.data.organization) : null;
  if (!form.ok || organizationId === null) {
    const errors = form.ok ? { organization: "affiliations.unknownOrganization" as const } : form.errors;
    return renderPersonPage(c, person, { values: form.values, errors }, 422);
  }
  const { organization: _name, ...input } = form.data;
  await c.var.db.transaction((tx) => addAffiliation(tx, person.id, organizationId, input, actor(c)));
  return redirectWithFlash(c, `/people/${person.id}#affiliations`, { key: "affiliations.added" });
});

affiliationRoutes.post("/people/:id/affiliations/:affiliationId/end", edit, async (c) => {
  const personId = recordId.safeParse(c.req.param("id"));
  const affiliationId = recordId.safeParse(c.req.param("affiliationId"));
  const form = await parseForm(c, endAffiliationSchema);
  if (!personId.success || !affiliationId.success) return renderErrorPage(c, 404);
  const endDate = form.ok ? form.data.endDate : null;
  const outcome = endDate
    ? await c.var.db.transaction((tx) =>
        endAffiliation(tx, personId.data, affiliationId.data, endDate, actor(c)),
      )
    : "invalid";
  if (outcome === "missing") return renderErrorPage(c, 404);
  const key = outcome === "ended" ? "affiliations.ended" : "affiliations.badEndDate";
  return redirectWithFlash(c, `/people/${personId.data}#affiliations`, { key });
});
