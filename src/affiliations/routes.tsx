/** Affiliations: added, edited (optimistic locking) and ended from a person's page; the organisation typeahead they use. */
import { type Context, Hono } from "hono";
import { actorOf, need } from "../auth/middleware";
import { recordId, version } from "../directory/fields";
import { refuseMergedAway } from "../merge/history";
import { renderPersonPage } from "../people/page";
import { getPerson, type Person } from "../people/queries";
import { refuseErased } from "../protection/erasure-routes";
import { SuggestionList } from "../web/components/field";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, parseForm } from "../web/form";
import { createOnce } from "../web/form-token";
import { render } from "../web/render";
import { AffiliationEditPage } from "./form";
import { affiliationConflict, affiliationFormValues } from "./form-values";
import {
  type AffiliationRecord,
  addAffiliation,
  endAffiliation,
  findOrganizationByName,
  getPersonAffiliation,
  suggestOrganizations,
  updateAffiliation,
} from "./queries";
import { affiliationSchema, endAffiliationSchema } from "./validation";

export const affiliationRoutes = new Hono<AppEnv>();
const edit = need("directory:edit");

/** The submitted form with the organisation it names found; or what was typed, with the errors to show beside it. */
async function readAffiliationForm(c: Context<AppEnv>, current?: AffiliationRecord) {
  const form = await parseForm(c, affiliationSchema);
  if (!form.ok) return form;
  const { organization, ...input } = form.data;
  const organizationId = await findOrganizationByName(c.get("db"), organization, current);
  if (organizationId === null) {
    const errors: FormErrors = { organization: "affiliations.unknownOrganization" };
    return { ok: false as const, values: form.values, errors };
  }
  return {
    ok: true as const,
    values: form.values,
    typed: organization,
    change: { ...input, organizationId },
  };
}

/** The person and their affiliation named by the path; undefined for malformed ids and someone else's affiliation. */
async function affiliationFromPath(c: Context<AppEnv>) {
  const personId = recordId.safeParse(c.req.param("id"));
  const affiliationId = recordId.safeParse(c.req.param("affiliationId"));
  if (!personId.success || !affiliationId.success) return undefined;
  const affiliation = await getPersonAffiliation(c.get("db"), personId.data, affiliationId.data);
  const person = affiliation && (await getPerson(c.get("db"), personId.data));
  return person && affiliation ? { person, affiliation } : undefined;
}

type EditState = { values: FormValues; errors?: FormErrors; conflict?: { label: string; value: string }[] };

function renderEditPage(
  c: Context<AppEnv>,
  person: Person,
  id: number,
  state: EditState,
  status?: 409 | 422,
) {
  const action = `/people/${person.id}/affiliations/${id}`;
  const page = (
    <AffiliationEditPage
      i18n={c.get("i18n")}
      person={{ id: person.id, name: person.fullName }}
      action={action}
      {...state}
    />
  );
  return render(
    c,
    { title: `${c.get("i18n").t("affiliations.editTitle")} · ${person.fullName}`, status },
    page,
  );
}

/**
 * The typeahead of an organisation field: the field sends its own value (`organization`; or, named by `field`, any
 * other, such as `fromOrganization` on the roster or `org-3-other` on an import's preview) and the id of its own
 * datalist (`list`), which the answer replaces.
 */
affiliationRoutes.get("/organizations/suggestions", need("directory:view"), async (c) => {
  const list = c.req.query("list");
  const id = list && /^[a-z0-9-]{1,60}$/.test(list) ? list : "organization-suggestions";
  const field = c.req.query("field");
  const named = field && /^[a-zA-Z0-9-]{1,40}$/.test(field) ? c.req.query(field) : undefined;
  const typed = named ?? c.req.query("organization") ?? c.req.query("fromOrganization") ?? "";
  const names = await suggestOrganizations(c.get("db"), typed.slice(0, 200));
  return c.html(<SuggestionList id={id} values={names} />);
});

affiliationRoutes.post("/people/:id/affiliations", edit, async (c) => {
  const id = recordId.safeParse(c.req.param("id"));
  const person = id.success ? await getPerson(c.get("db"), id.data) : undefined;
  if (!person) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "person", person);
  if (merged) return merged;
  const erased = refuseErased(c, person);
  if (erased) return erased;
  const form = await readAffiliationForm(c);
  if (!form.ok) return renderPersonPage(c, person, form, 422);
  const path = `/people/${person.id}#affiliations`;
  const saved = await createOnce(c, form.values, async (tx) => {
    await addAffiliation(tx, person.id, form.change, actorOf(c));
    return { path };
  });
  if (saved instanceof Response) return saved;
  return redirectWithFlash(c, path, { key: "affiliations.added" });
});

affiliationRoutes.get("/people/:id/affiliations/:affiliationId/edit", edit, async (c) => {
  const found = await affiliationFromPath(c);
  if (!found) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "person", found.person);
  if (merged) return merged;
  const values = affiliationFormValues(found.affiliation);
  return renderEditPage(c, found.person, found.affiliation.id, { values });
});

affiliationRoutes.post("/people/:id/affiliations/:affiliationId", edit, async (c) => {
  const found = await affiliationFromPath(c);
  if (!found) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "person", found.person);
  if (merged) return merged;
  const { person, affiliation } = found;
  const form = await readAffiliationForm(c, affiliation);
  const openedAt = version.safeParse(form.values.version);
  if (!form.ok || !openedAt.success) {
    return renderEditPage(
      c,
      person,
      affiliation.id,
      { values: form.values, errors: form.ok ? {} : form.errors },
      422,
    );
  }
  const result = await c
    .get("db")
    .transaction((tx) =>
      updateAffiliation(tx, person.id, affiliation.id, openedAt.data, form.change, actorOf(c)),
    );
  if (result.saved)
    return redirectWithFlash(c, `/people/${person.id}#affiliations`, { key: "directory.saved" });
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the version now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values, version: String(result.current.version) };
  const conflict = affiliationConflict(result.current, form.change, form.typed, c.get("i18n"));
  return renderEditPage(c, person, affiliation.id, { values, conflict }, 409);
});

affiliationRoutes.post("/people/:id/affiliations/:affiliationId/end", edit, async (c) => {
  const personId = recordId.safeParse(c.req.param("id"));
  const affiliationId = recordId.safeParse(c.req.param("affiliationId"));
  const form = await parseForm(c, endAffiliationSchema);
  if (!personId.success || !affiliationId.success) return renderErrorPage(c, 404);
  const endDate = form.ok ? form.data.endDate : null;
  const outcome = endDate
    ? await c
        .get("db")
        .transaction((tx) => endAffiliation(tx, personId.data, affiliationId.data, endDate, actorOf(c)))
    : "invalid";
  if (outcome === "missing") return renderErrorPage(c, 404);
  const key = outcome === "ended" ? "affiliations.ended" : "affiliations.badEndDate";
  return redirectWithFlash(c, `/people/${personId.data}#affiliations`, { key });
});
