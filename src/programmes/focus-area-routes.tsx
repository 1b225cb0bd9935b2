/** /programmes/:id/focus-areas: add, rename or describe, and remove (refused while activities use the area). */
import type { Context, Hono } from "hono";
import { type AccessMiddleware, actorOf } from "../auth/middleware";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, parseForm } from "../web/form";
import { createOnce, refuse as refuseCreate } from "../web/form-token";
import { programmeFromPath, renderProgrammePage } from "./page";
import {
  addFocusArea,
  getFocusArea,
  type Programme,
  removeFocusArea,
  unlessDuplicate,
  updateFocusArea,
} from "./queries";
import { focusAreaSchema, pathId } from "./validation";

/** The programme and the focus area in the path, or nothing when either is missing or the area is another programme's. */
async function focusAreaFromPath(c: Context<AppEnv>) {
  const programme = await programmeFromPath(c);
  const areaId = pathId(c.req.param("focusAreaId"));
  if (!programme || areaId === undefined) return undefined;
  const area = await getFocusArea(c.get("db"), programme.id, areaId);
  return area ? { programme, area } : undefined;
}

/** The programme page again, with the form that failed showing what was typed and why. */
function refuse(
  c: Context<AppEnv>,
  programme: Programme,
  target: "new" | number,
  values: FormValues,
  errors: FormErrors,
) {
  return renderProgrammePage(c, programme, { focusAreaState: { target, values, errors } }, 422);
}

export function addFocusAreaRoutes(routes: Hono<AppEnv>, manage: AccessMiddleware) {
  routes.post("/programmes/:id/focus-areas", manage, async (c) => {
    const programme = await programmeFromPath(c);
    if (!programme) return renderErrorPage(c, 404);
    const form = await parseForm(c, focusAreaSchema);
    if (!form.ok) return refuse(c, programme, "new", form.values, form.errors);
    const path = `/programmes/${programme.id}`;
    const saved = await unlessDuplicate(() =>
      createOnce(c, form.values, async (tx) =>
        (await addFocusArea(tx, programme.id, form.data, actorOf(c))) === "duplicate"
          ? refuseCreate("duplicate")
          : { path },
      ),
    );
    if (saved instanceof Response) return saved;
    if (saved === "duplicate" || "refused" in saved)
      return refuse(c, programme, "new", form.values, { name: "focusAreas.nameTaken" });
    const flash = { key: "focusAreas.added", params: { name: form.data.name } } as const;
    return redirectWithFlash(c, path, flash);
  });

  routes.post("/programmes/:id/focus-areas/:focusAreaId", manage, async (c) => {
    const found = await focusAreaFromPath(c);
    if (!found) return renderErrorPage(c, 404);
    const { programme, area } = found;
    const form = await parseForm(c, focusAreaSchema);
    if (!form.ok) return refuse(c, programme, area.id, form.values, form.errors);
    const outcome = await unlessDuplicate(() =>
      c.get("db").transaction((tx) => updateFocusArea(tx, area, form.data, actorOf(c))),
    );
    if (outcome === "missing") return renderErrorPage(c, 404);
    if (outcome === "duplicate")
      return refuse(c, programme, area.id, form.values, { name: "focusAreas.nameTaken" });
    return redirectWithFlash(c, `/programmes/${programme.id}`, { key: "focusAreas.saved" });
  });

  routes.post("/programmes/:id/focus-areas/:focusAreaId/delete", manage, async (c) => {
    const found = await focusAreaFromPath(c);
    if (!found) return renderErrorPage(c, 404);
    const { programme, area } = found;
    const result = await c.get("db").transaction((tx) => removeFocusArea(tx, area, actorOf(c)));
    if (result.removed)
      return redirectWithFlash(c, `/programmes/${programme.id}`, {
        key: "focusAreas.removed",
        params: { name: area.name },
      });
    const notice = c.get("i18n").t("focusAreas.inUse", { name: area.name, count: result.activityCount });
    return renderProgrammePage(c, programme, { notice }, 409);
  });
}
