/**
 * /activities: the list (filters in the URL), one activity, and adding and editing them (coordinators and above,
 * optimistic locking). Activities are never deleted here: a cancelled one keeps its roster.
 */

import { type Context, Hono } from "hono";
import { actorOf, need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { recordId, version } from "../directory/fields";
import { changedMeanwhile } from "../directory/records";
import { countryName } from "../text/country";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, parseForm } from "../web/form";
import { createOnce, refuse } from "../web/form-token";
import { render } from "../web/render";
import { activityFromPath } from "./from-path";
import { ActivitiesPage, ActivityForm, ActivityPage, ActivityResults } from "./pages";
import {
  type Activity,
  activityValues,
  createActivity,
  deleteActivity,
  editableActivityFields,
  getActivity,
  getActivityDetails,
  listActivities,
  listProgrammeChoices,
  updateActivity,
} from "./queries";
import { activityFiltersSchema, activitySchema } from "./validation";

export const activityRoutes = new Hono<AppEnv>();
const view = need("directory:view");
const manage = need("activities:manage");

type FormState = { values: FormValues; errors?: FormErrors; conflict?: { label: string; value: string }[] };

async function renderForm(
  c: Context<AppEnv>,
  title: string,
  action: string,
  state: FormState,
  status?: 409 | 422,
) {
  const programmes = await listProgrammeChoices(c.get("db"));
  const page = (
    <ActivityForm i18n={c.get("i18n")} title={title} action={action} programmes={programmes} {...state} />
  );
  return render(c, { title, status }, page);
}

/** A stored activity as its form shows it. */
function formValues(activity: Activity, c: Context<AppEnv>): FormValues {
  const text = (value: string | number | null) => (value === null ? "" : String(value));
  return {
    title: activity.title,
    kind: activity.kind,
    status: activity.status,
    programmeId: text(activity.programmeId),
    focusAreaId: text(activity.focusAreaId),
    startDate: activity.startDate,
    endDate: text(activity.endDate),
    country: activity.country ? countryName(activity.country, c.get("i18n").locale) : "",
    city: text(activity.city),
    venue: text(activity.venue),
    targetGroups: activity.targetGroups.join(", "),
    description: text(activity.description),
    outcomes: text(activity.outcomes),
    version: String(activity.version),
  };
}

activityRoutes.get("/activities", view, async (c) => {
  const filters = activityFiltersSchema.parse(c.req.query());
  const { rows, total } = await listActivities(c.get("db"), filters);
  const programmes = await listProgrammeChoices(c.get("db"));
  const canManage = can(signedIn(c).user.role, "activities:manage");
  const props = {
    i18n: c.get("i18n"),
    filters,
    rows,
    total,
    query: new URL(c.req.url).search,
    programmes,
    canManage,
  };
  return render(
    c,
    { title: c.get("i18n").t("activities.title") },
    <ActivitiesPage {...props} />,
    <ActivityResults {...props} />,
  );
});

activityRoutes.get("/activities/new", manage, (c) =>
  renderForm(c, c.get("i18n").t("activities.new"), "/activities", {
    values: { kind: "seminar", status: "planned" },
  }),
);

activityRoutes.post("/activities", manage, async (c) => {
  const title = c.get("i18n").t("activities.new");
  const form = await parseForm(c, activitySchema);
  if (!form.ok) return renderForm(c, title, "/activities", form, 422);
  const saved = await createOnce(c, form.values, async (tx) => {
    const checked = await activityValues(tx, form.data);
    if ("field" in checked) return refuse(checked.field);
    return { path: `/activities/${await createActivity(tx, checked.values, actorOf(c))}` };
  });
  if (saved instanceof Response) return saved;
  if ("refused" in saved) {
    const errors = { [saved.refused]: "form.choose" } as const;
    return renderForm(c, title, "/activities", { values: form.values, errors }, 422);
  }
  return redirectWithFlash(c, saved.path, {
    key: "directory.created",
    params: { name: form.data.title },
  });
});

async function renderActivity(c: Context<AppEnv>, activity: Activity, status?: 409, notice?: string) {
  const details = await getActivityDetails(c.get("db"), activity.id);
  const canManage = can(signedIn(c).user.role, "activities:manage");
  const page = (
    <ActivityPage
      i18n={c.get("i18n")}
      activity={activity}
      details={details}
      canManage={canManage}
      notice={notice}
    />
  );
  return render(c, { title: activity.title, status }, page);
}

activityRoutes.get("/activities/:id", view, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  return renderActivity(c, activity);
});

activityRoutes.get("/activities/:id/edit", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  return renderForm(c, activity.title, `/activities/${activity.id}`, { values: formValues(activity, c) });
});

activityRoutes.post("/activities/:id", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const action = `/activities/${activity.id}`;
  const form = await parseForm(c, activitySchema);
  const openedAt = version.safeParse(form.values.version);
  if (!form.ok || !openedAt.success) {
    return renderForm(
      c,
      activity.title,
      action,
      { values: form.values, errors: form.ok ? {} : form.errors },
      422,
    );
  }
  const result = await c.get("db").transaction(async (tx) => {
    const checked = await activityValues(tx, form.data);
    if ("field" in checked) return checked;
    return updateActivity(tx, activity.id, openedAt.data, checked.values, actorOf(c));
  });
  if ("field" in result) {
    return renderForm(
      c,
      activity.title,
      action,
      { values: form.values, errors: { [result.field]: "form.choose" } },
      422,
    );
  }
  if (result.saved) return redirectWithFlash(c, action, { key: "directory.saved" });
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the version now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values, version: String(result.current.version) };
  const conflict = changedMeanwhile(editableActivityFields(result.current), form.data, c.get("i18n"));
  return renderForm(c, activity.title, action, { values, conflict }, 409);
});

/** Deletes an activity without participants; one with a roster is refused (409) with the advice to cancel it instead. */
activityRoutes.post("/activities/:id/delete", manage, async (c) => {
  const id = recordId.safeParse(c.req.param("id"));
  if (!id.success) return renderErrorPage(c, 404);
  const outcome = await c.get("db").transaction((tx) => deleteActivity(tx, id.data, actorOf(c)));
  const refused = outcome === "hasParticipants" || outcome === "imported";
  const activity = refused ? await getActivity(c.get("db"), id.data) : undefined;
  if (activity) {
    const reason = outcome === "imported" ? "activities.importedNotDeleted" : "activities.notDeleted";
    return renderActivity(c, activity, 409, c.get("i18n").t(reason));
  }
  // Deleting twice (a double click, a second tab) is not an error: the activity is gone either way.
  const key = outcome === "deleted" ? "activities.deleted" : "activities.gone";
  return redirectWithFlash(c, "/activities", { key });
});
