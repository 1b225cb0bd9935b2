/**
 * GET/POST /people/:id/consent: a person's answer for each purpose, set in one form by whoever may edit the directory
 * ("directory:edit": staff and above, who meet the people and collect the forms). A save is one transaction and one
 * audit event; a purpose someone else answered since the form was opened refuses the save (409) with the answers now.
 * (The roster's form for the ticked rows is a roster route: src/participants/routes.tsx.)
 */
import { type Context, Hono } from "hono";
import { actorOf, need } from "../auth/middleware";
import { recordId } from "../directory/fields";
import { refuseMergedAway } from "../merge/history";
import { getPerson, type Person } from "../people/queries";
import { refuseErased } from "../protection/erasure-routes";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, parseForm } from "../web/form";
import { render } from "../web/render";
import { listConsents, saveConsents } from "./queries";
import { answerToken, consentFormSchema, formField } from "./validation";
import { ConsentForm, consentFormValues, consentText } from "./views";

export const consentRoutes = new Hono<AppEnv>();
const edit = need("directory:edit");

async function personFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? await getPerson(c.get("db"), id.data) : undefined;
}

function renderForm(
  c: Context<AppEnv>,
  person: Person,
  state: {
    values: FormValues;
    errors?: FormErrors;
    conflict?: Parameters<typeof ConsentForm>[0]["conflict"];
  },
  status?: 409 | 422,
) {
  const i18n = c.get("i18n");
  const title = i18n.t("consent.formTitle", { name: person.fullName });
  return render(c, { title, status }, <ConsentForm i18n={i18n} person={person} {...state} />);
}

consentRoutes.get("/people/:id/consent", edit, async (c) => {
  const person = await personFromPath(c);
  if (!person) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "person", person);
  if (merged) return merged;
  const erased = refuseErased(c, person);
  if (erased) return erased;
  return renderForm(c, person, { values: consentFormValues(await listConsents(c.get("db"), person.id)) });
});

consentRoutes.post("/people/:id/consent", edit, async (c) => {
  const person = await personFromPath(c);
  if (!person) return renderErrorPage(c, 404);
  const merged = refuseMergedAway(c, "person", person);
  if (merged) return merged;
  const erased = refuseErased(c, person);
  if (erased) return erased;
  const i18n = c.get("i18n");
  const form = await parseForm(c, consentFormSchema(i18n.today()));
  if (!form.ok) return renderForm(c, person, form, 422);
  const result = await c.get("db").transaction((tx) => saveConsents(tx, person.id, form.data, actorOf(c)));
  if (result.saved) {
    const key = result.changed.length > 0 ? "consent.saved" : "consent.nothingChanged";
    return redirectWithFlash(c, `/people/${person.id}#consent`, { key });
  }
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the versions now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values };
  for (const [purpose, stored] of result.current) values[formField(purpose, "version")] = answerToken(stored);
  for (const purpose of result.stale) {
    if (!result.current.has(purpose)) values[formField(purpose, "version")] = "0";
  }
  const conflict = result.stale.map((purpose) => ({
    purpose,
    answer: consentText(i18n, result.current?.get(purpose)),
  }));
  return renderForm(c, person, { values, conflict }, 409);
});
