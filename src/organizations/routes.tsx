/** /organizations: list and search, add, show, edit (optimistic locking), archive and restore. */
import { type Context, Hono } from "hono";
import { actorOf, need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { addArchiveRoutes } from "../directory/archive-routes";
import { findLikelyDuplicates } from "../directory/duplicates";
import { recordId, version } from "../directory/fields";
import { addHistoryRoute } from "../directory/history";
import { changedMeanwhile } from "../directory/records";
import { exportFormat, sendExport } from "../exports/send";
import { refuseMergedAway } from "../merge/history";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { parseForm } from "../web/form";
import { createOnce, refuse } from "../web/form-token";
import { render } from "../web/render";
import { organizationsCsv } from "./export";
import { organizationFormValues } from "./form-values";
import { renderOrganizationPage } from "./page";
import {
  createOrganization,
  editableFields,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from "./queries";
import { organizationFiltersSchema, organizationSchema } from "./validation";
import { OrganizationForm, type OrganizationFormProps } from "./views/form";
import { OrganizationResults, OrganizationsPage } from "./views/list";

export const organizationRoutes = new Hono<AppEnv>();
const view = need("directory:view");
const edit = need("directory:edit");

type FormState = Pick<OrganizationFormProps, "values" | "errors" | "conflict" | "duplicates">;

function renderForm(c: Context<AppEnv>, title: string, action: string, state: FormState, status?: 409 | 422) {
  const page = <OrganizationForm i18n={c.get("i18n")} title={title} action={action} {...state} />;
  return render(c, { title, status }, page);
}

async function organizationFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? await getOrganization(c.get("db"), id.data) : undefined;
}

organizationRoutes.get("/organizations", view, async (c) => {
  const filters = organizationFiltersSchema.parse(c.req.query());
  const format = exportFormat(c);
  if (format) return sendExport(c, format, () => organizationsCsv(c.get("readDb"), filters, c.get("i18n")));
  const { rows, total, more } = await listOrganizations(c.get("db"), filters);
  const canExport = can(signedIn(c).user.role, "exports:download");
  const props = {
    i18n: c.get("i18n"),
    filters,
    rows,
    total,
    more,
    query: new URL(c.req.url).search,
    canExport,
  };
  const title = c.get("i18n").t("organizations.title");
  return render(c, { title }, <OrganizationsPage {...props} />, <OrganizationResults {...props} />);
});

organizationRoutes.get("/organizations/new", edit, (c) => {
  return renderForm(c, c.get("i18n").t("organizations.new"), "/organizations", { values: { kind: "ngo" } });
});

organizationRoutes.post("/organizations", edit, async (c) => {
  const title = c.get("i18n").t("organizations.new");
  const form = await parseForm(c, organizationSchema);
  if (!form.ok)
    return renderForm(c, title, "/organizations", { values: form.values, errors: form.errors }, 422);
  const saved = await createOnce(c, form.values, async (tx) => {
    // Looked for after the token is claimed: a repeat of a saved form would find the organisation it saved.
    if (form.values.notDuplicate !== "on") {
      const duplicates = await findLikelyDuplicates(tx, "organization", form.data);
      if (duplicates.length > 0) return refuse(duplicates);
    }
    return { path: `/organizations/${await createOrganization(tx, form.data, actorOf(c))}` };
  });
  if (saved instanceof Response) return saved;
  if ("refused" in saved)
    return renderForm(c, title, "/organizations", { values: form.values, duplicates: saved.refused });
  return redirectWithFlash(c, saved.path, {
    key: "directory.created",
    params: { name: form.data.name },
  });
});

organizationRoutes.get("/organizations/:id", view, async (c) => {
  const organization = await organizationFromPath(c);
  if (!organization) return renderErrorPage(c, 404);
  return renderOrganizationPage(c, organization);
});

organizationRoutes.get("/organizations/:id/edit", edit, async (c) => {
  const organization = await organizationFromPath(c);
  if (!organization) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "organization", organization);
  if (merged) return merged;
  const values = organizationFormValues(organization, c.get("i18n"));
  return renderForm(c, organization.name, `/organizations/${organization.id}`, { values });
});

organizationRoutes.post("/organizations/:id", edit, async (c) => {
  const organization = await organizationFromPath(c);
  if (!organization) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "organization", organization);
  if (merged) return merged;
  const action = `/organizations/${organization.id}`;
  const form = await parseForm(c, organizationSchema);
  const openedAt = version.safeParse(form.values.version);
  if (!form.ok || !openedAt.success) {
    return renderForm(
      c,
      organization.name,
      action,
      { values: form.values, errors: form.ok ? {} : form.errors },
      422,
    );
  }
  const result = await c
    .get("db")
    .transaction((tx) => updateOrganization(tx, organization.id, openedAt.data, form.data, actorOf(c)));
  if (result.saved) return redirectWithFlash(c, action, { key: "directory.saved" });
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the version now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values, version: String(result.current.version) };
  const conflict = changedMeanwhile(editableFields(result.current), form.data, c.get("i18n"));
  return renderForm(c, organization.name, action, { values, conflict }, 409);
});

addArchiveRoutes(organizationRoutes, "/organizations");
addHistoryRoute(
  organizationRoutes,
  "/organizations",
  async (db, id) => (await getOrganization(db, id))?.name,
);
