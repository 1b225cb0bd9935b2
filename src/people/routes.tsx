/** /people: list and search, add, show, edit (optimistic locking; sensitive fields by role), archive and restore. */
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
import { recordSensitiveView, withSensitiveValues } from "../protection/access-log";
import { refuseErased } from "../protection/erasure-routes";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { parseForm } from "../web/form";
import { createOnce, refuse } from "../web/form-token";
import { render } from "../web/render";
import { peopleCsv } from "./export";
import { personFormValues } from "./form-values";
import { renderPersonPage } from "./page";
import { createPerson, editableFields, getPerson, listPeople, updatePerson } from "./queries";
import { parsePeopleFilters, personSchema } from "./validation";
import { PersonForm, type PersonFormProps } from "./views/form";
import { PeoplePage, PeopleResults } from "./views/list";

export const peopleRoutes = new Hono<AppEnv>();
const view = need("directory:view");
const edit = need("directory:edit");

function seesSensitive(c: Context<AppEnv>): boolean {
  return can(signedIn(c).user.role, "sensitive:view");
}

type FormState = Pick<PersonFormProps, "values" | "errors" | "conflict" | "duplicates">;

function renderForm(c: Context<AppEnv>, title: string, action: string, state: FormState, status?: 409 | 422) {
  const page = (
    <PersonForm
      i18n={c.get("i18n")}
      title={title}
      action={action}
      withSensitive={seesSensitive(c)}
      {...state}
    />
  );
  return render(c, { title, status }, page);
}

async function personFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? await getPerson(c.get("db"), id.data) : undefined;
}

peopleRoutes.get("/people", view, async (c) => {
  const withSensitive = seesSensitive(c);
  const filters = parsePeopleFilters(c.req.query(), withSensitive);
  const format = exportFormat(c);
  if (format)
    return sendExport(c, format, () => peopleCsv(c.get("readDb"), filters, c.get("i18n"), withSensitive));
  const { rows, total, more } = await listPeople(c.get("db"), filters);
  // Everyone listed has the community filtered by: the list shows it, so it is a view of that sensitive field.
  if (filters.community) {
    const ids = rows.map((row) => row.id);
    await recordSensitiveView(c, "people.list", ids, { community: filters.community, page: filters.page });
  }
  const canExport = can(signedIn(c).user.role, "exports:download");
  const query = new URL(c.req.url).search;
  const props = { i18n: c.get("i18n"), filters, rows, total, more, query, canExport, withSensitive };
  return render(
    c,
    { title: c.get("i18n").t("people.title") },
    <PeoplePage {...props} />,
    <PeopleResults {...props} />,
  );
});

peopleRoutes.get("/people/new", edit, (c) =>
  renderForm(c, c.get("i18n").t("people.new"), "/people", {
    values: { stakeholderType: "other" },
  }),
);

peopleRoutes.post("/people", edit, async (c) => {
  const title = c.get("i18n").t("people.new");
  const form = await parseForm(c, personSchema);
  if (!form.ok) return renderForm(c, title, "/people", form, 422);
  const saved = await createOnce(c, form.values, async (tx) => {
    // Looked for after the token is claimed: a repeat of a saved form would find the person it saved.
    if (form.values.notDuplicate !== "on") {
      const { fullName: name, email, phone } = form.data;
      const duplicates = await findLikelyDuplicates(tx, "person", { name, email, phone });
      if (duplicates.length > 0) return refuse(duplicates);
    }
    return { path: `/people/${await createPerson(tx, form.data, seesSensitive(c), actorOf(c))}` };
  });
  if (saved instanceof Response) return saved;
  if ("refused" in saved)
    return renderForm(c, title, "/people", { values: form.values, duplicates: saved.refused });
  return redirectWithFlash(c, saved.path, {
    key: "directory.created",
    params: { name: form.data.fullName },
  });
});

peopleRoutes.get("/people/:id", view, async (c) => {
  const person = await personFromPath(c);
  if (!person) return renderErrorPage(c, 404);
  return renderPersonPage(c, person);
});

peopleRoutes.get("/people/:id/edit", edit, async (c) => {
  const person = await personFromPath(c);
  if (!person) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "person", person);
  if (merged) return merged;
  const erased = refuseErased(c, person);
  if (erased) return erased;
  await recordSensitiveView(c, "person.edit", withSensitiveValues([person]));
  return renderForm(c, person.fullName, `/people/${person.id}`, {
    values: personFormValues(person, c.get("i18n")),
  });
});

peopleRoutes.post("/people/:id", edit, async (c) => {
  const person = await personFromPath(c);
  if (!person) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "person", person);
  if (merged) return merged;
  const erased = refuseErased(c, person);
  if (erased) return erased;
  const action = `/people/${person.id}`;
  const form = await parseForm(c, personSchema);
  const openedAt = version.safeParse(form.values.version);
  if (!form.ok || !openedAt.success)
    return renderForm(c, person.fullName, action, { ...form, errors: form.ok ? {} : form.errors }, 422);
  const withSensitive = seesSensitive(c);
  const result = await c
    .get("db")
    .transaction((tx) => updatePerson(tx, person.id, openedAt.data, form.data, withSensitive, actorOf(c)));
  if (result.saved) return redirectWithFlash(c, action, { key: "directory.saved" });
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the version now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values, version: String(result.current.version) };
  const conflict = changedMeanwhile(editableFields(result.current, withSensitive), form.data, c.get("i18n"));
  await recordSensitiveView(c, "person.edit", withSensitiveValues([result.current]), { conflict: true });
  return renderForm(c, person.fullName, action, { values, conflict }, 409);
});

addArchiveRoutes(peopleRoutes, "/people");
addHistoryRoute(peopleRoutes, "/people", async (db, id) => (await getPerson(db, id))?.fullName);
