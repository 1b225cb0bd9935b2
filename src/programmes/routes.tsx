/** /programmes: the list, add and edit (optimistic locking), one programme's page, and its focus areas. */
import { type Context, Hono } from "hono";
import { actorOf, need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { version } from "../directory/fields";
import { changedMeanwhile } from "../directory/records";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormValues, parseForm } from "../web/form";
import { createOnce, refuse } from "../web/form-token";
import { render } from "../web/render";
import { addFocusAreaRoutes } from "./focus-area-routes";
import { programmeFromPath, renderProgrammePage } from "./page";
import {
  createProgramme,
  editableFields,
  listProgrammes,
  type Programme,
  unlessDuplicate,
  updateProgramme,
} from "./queries";
import { programmeSchema } from "./validation";
import { ProgrammeForm, type ProgrammeFormProps, ProgrammesPage } from "./views";

export const programmeRoutes = new Hono<AppEnv>();
const view = need("directory:view");
const manage = need("activities:manage");

type FormState = Pick<ProgrammeFormProps, "values" | "errors" | "conflict">;

function renderForm(c: Context<AppEnv>, title: string, action: string, state: FormState, status?: 409 | 422) {
  const page = <ProgrammeForm i18n={c.get("i18n")} title={title} action={action} {...state} />;
  return render(c, { title, status }, page);
}

function formValues(record: Programme): FormValues {
  return {
    version: String(record.version),
    name: record.name,
    description: record.description ?? "",
    startDate: record.startDate ?? "",
    endDate: record.endDate ?? "",
    funders: record.funders.join(", "),
  };
}

programmeRoutes.get("/programmes", view, async (c) => {
  const rows = await listProgrammes(c.get("db"));
  const canManage = can(signedIn(c).user.role, "activities:manage");
  const title = c.get("i18n").t("programmes.title");
  return render(c, { title }, <ProgrammesPage i18n={c.get("i18n")} rows={rows} canManage={canManage} />);
});

programmeRoutes.get("/programmes/new", manage, (c) => {
  return renderForm(c, c.get("i18n").t("programmes.new"), "/programmes", { values: {} });
});

programmeRoutes.post("/programmes", manage, async (c) => {
  const title = c.get("i18n").t("programmes.new");
  const form = await parseForm(c, programmeSchema);
  if (!form.ok) return renderForm(c, title, "/programmes", { values: form.values, errors: form.errors }, 422);
  const saved = await unlessDuplicate(() =>
    createOnce(c, form.values, async (tx) => {
      const id = await createProgramme(tx, form.data, actorOf(c));
      return id === "duplicate" ? refuse(id) : { path: `/programmes/${id}` };
    }),
  );
  if (saved instanceof Response) return saved;
  // Taken before (a value) or by someone saving at the same moment (the unique index's error).
  if (saved === "duplicate" || "refused" in saved)
    return renderForm(
      c,
      title,
      "/programmes",
      { values: form.values, errors: { name: "programmes.nameTaken" } },
      422,
    );
  return redirectWithFlash(c, saved.path, {
    key: "directory.created",
    params: { name: form.data.name },
  });
});

programmeRoutes.get("/programmes/:id", view, async (c) => {
  const programme = await programmeFromPath(c);
  if (!programme) return renderErrorPage(c, 404);
  return renderProgrammePage(c, programme);
});

programmeRoutes.get("/programmes/:id/edit", manage, async (c) => {
  const programme = await programmeFromPath(c);
  if (!programme) return renderErrorPage(c, 404);
  return renderForm(c, programme.name, `/programmes/${programme.id}`, { values: formValues(programme) });
});

programmeRoutes.post("/programmes/:id", manage, async (c) => {
  const programme = await programmeFromPath(c);
  if (!programme) return renderErrorPage(c, 404);
  const action = `/programmes/${programme.id}`;
  const form = await parseForm(c, programmeSchema);
  const openedAt = version.safeParse(form.values.version);
  if (!form.ok || !openedAt.success)
    return renderForm(
      c,
      programme.name,
      action,
      { values: form.values, errors: form.ok ? {} : form.errors },
      422,
    );
  const result = await unlessDuplicate(() =>
    c.get("db").transaction((tx) => updateProgramme(tx, programme.id, openedAt.data, form.data, actorOf(c))),
  );
  if (result === "duplicate" || "duplicate" in result)
    return renderForm(
      c,
      programme.name,
      action,
      { values: form.values, errors: { name: "programmes.nameTaken" } },
      422,
    );
  if (result.saved) return redirectWithFlash(c, action, { key: "directory.saved" });
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the version now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values, version: String(result.current.version) };
  const conflict = changedMeanwhile(editableFields(result.current), form.data, c.get("i18n"));
  return renderForm(c, programme.name, action, { values, conflict }, 409);
});

addFocusAreaRoutes(programmeRoutes, manage);
