/**
 * /activities/:id/partners: joint organisation. The partner organisations with their roles and contributions; a
 * coordinator adds one (by name, with a role) or removes a role. Audited.
 */

import { type Context, Hono } from "hono";
import { z } from "zod";
import { OrganizationNameField } from "../affiliations/form";
import { findOrganizationByName } from "../affiliations/queries";
import { actorOf, need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { partnerRoles } from "../db/schema/enums";
import { optionalText, recordId, requiredText } from "../directory/fields";
import type { Translator } from "../i18n";
import { Field, FormError, SelectField } from "../web/components/field";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, parseForm } from "../web/form";
import { CreateForm, createOnce, refuse } from "../web/form-token";
import { render } from "../web/render";
import { activityFromPath } from "./from-path";
import { type Activity, addPartner, getActivityDetails, removePartner } from "./queries";

const partnerSchema = z.object({
  organization: requiredText(300),
  role: z.enum(partnerRoles, { message: "form.choose" }),
  contribution: optionalText(1000),
});

type Partner = Awaited<ReturnType<typeof getActivityDetails>>["partners"][number];

function PartnersPage({
  i18n,
  activity,
  partners,
  canManage,
  values,
  errors,
}: {
  i18n: Translator;
  activity: Activity;
  partners: Partner[];
  canManage: boolean;
  values: FormValues;
  errors?: FormErrors;
}) {
  const { t } = i18n;
  const base = `/activities/${activity.id}/partners`;
  return (
    <section aria-labelledby="partners-page-title">
      <h1 id="partners-page-title">{t("activities.partnersOf", { title: activity.title })}</h1>
      <p>
        <a href={`/activities/${activity.id}`}>{t("activities.back")}</a>
      </p>
      {partners.length === 0 ? (
        <p class="muted">{t("activities.noPartners")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.organization")}</th>
                <th scope="col">{t("activities.partnerRole")}</th>
                <th scope="col">{t("activities.contribution")}</th>
                {canManage && <th scope="col">{t("duplicates.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {partners.map((partner) => (
                <tr>
                  <th scope="row">
                    <a href={`/organizations/${partner.organizationId}`}>{partner.name}</a>
                  </th>
                  <td>{t(`partnerRole.${partner.role}`)}</td>
                  <td>{partner.contribution}</td>
                  {canManage && (
                    <td>
                      <form method="post" action={`${base}/${partner.id}/delete`} class="inline-form">
                        <button type="submit">
                          {t("activities.removePartner")}
                          <span class="visually-hidden">
                            : {`${partner.name}, ${t(`partnerRole.${partner.role}`)}`}
                          </span>
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && (
        <CreateForm action={base} values={values} class="stack record-form">
          <h2>{t("activities.addPartner")}</h2>
          {errors && <FormError message={t("form.fixBelow")} />}
          <OrganizationNameField i18n={i18n} values={values} errors={errors} />
          <SelectField
            name="role"
            label={t("activities.partnerRole")}
            options={partnerRoles.map((role) => ({ value: role, label: t(`partnerRole.${role}`) }))}
            selected={values.role ?? "co_organiser"}
            errors={errors}
            i18n={i18n}
          />
          <Field
            name="contribution"
            label={t("activities.contribution")}
            i18n={i18n}
            values={values}
            errors={errors}
          />
          <button type="submit" class="primary">
            {t("activities.addPartner")}
          </button>
        </CreateForm>
      )}
    </section>
  );
}

export const partnerRoutes = new Hono<AppEnv>();

async function renderPartners(
  c: Context<AppEnv>,
  activity: Activity,
  form: { values: FormValues; errors?: FormErrors } = { values: {} },
  status?: 422,
) {
  const { partners } = await getActivityDetails(c.get("db"), activity.id);
  const canManage = can(signedIn(c).user.role, "activities:manage");
  const title = c.get("i18n").t("activities.partnersOf", { title: activity.title });
  const page = (
    <PartnersPage
      i18n={c.get("i18n")}
      activity={activity}
      partners={partners}
      canManage={canManage}
      {...form}
    />
  );
  return render(c, { title, status }, page);
}

partnerRoutes.get("/activities/:id/partners", need("directory:view"), async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  return renderPartners(c, activity);
});

partnerRoutes.post("/activities/:id/partners", need("activities:manage"), async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const form = await parseForm(c, partnerSchema);
  if (!form.ok) return renderPartners(c, activity, form, 422);
  const organizationId = await findOrganizationByName(c.get("db"), form.data.organization);
  if (organizationId === null) {
    return renderPartners(
      c,
      activity,
      { values: form.values, errors: { organization: "affiliations.unknownOrganization" } },
      422,
    );
  }
  const change = { organizationId, role: form.data.role, contribution: form.data.contribution };
  const path = `/activities/${activity.id}/partners`;
  const saved = await createOnce(c, form.values, async (tx) =>
    (await addPartner(tx, activity.id, change, actorOf(c))) === "exists" ? refuse("exists") : { path },
  );
  if (saved instanceof Response) return saved;
  if ("refused" in saved) {
    return renderPartners(
      c,
      activity,
      { values: form.values, errors: { role: "activities.partnerExists" } },
      422,
    );
  }
  return redirectWithFlash(c, path, { key: "activities.partnerAdded" });
});

partnerRoutes.post("/activities/:id/partners/:partnerId/delete", need("activities:manage"), async (c) => {
  const activity = await activityFromPath(c);
  const partnerId = recordId.safeParse(c.req.param("partnerId"));
  if (!activity || !partnerId.success) return renderErrorPage(c, 404);
  const removed = await c
    .get("db")
    .transaction((tx) => removePartner(tx, activity.id, partnerId.data, actorOf(c)));
  // Removing twice (a double click, a second tab) is not an error: the role is gone either way.
  const key = removed ? "activities.partnerRemoved" : "activities.partnerGone";
  return redirectWithFlash(c, `/activities/${activity.id}/partners`, { key });
});
