/**
 * GET and POST /people/:id/erase (admins): erasing a person on their request, with a reason (decision 24). Also what
 * the person routes show of an erased person: their page says when, and nothing of them; their record cannot change.
 */
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { actorOf, need } from "../auth/middleware";
import { recordId, requiredText } from "../directory/fields";
import { getPerson, type Person } from "../people/queries";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { parseForm } from "../web/form";
import { render } from "../web/render";
import { erasePerson, planErasure } from "./erasure";
import { ErasedPersonPage, ErasePage, ErasureRefusedPage } from "./erasure-views";

export const erasureRoutes = new Hono<AppEnv>();
const erase = need("people:erase");

/** The longest reason kept. */
const reasonLength = 1000;
const erasureSchema = z.object({ reason: requiredText(reasonLength) });

/**
 * An erased person's page, the same for every role: erased on which day, and why (the reason names no one, and the
 * record's history shows it to the same readers).
 */
export function renderErasedPerson(c: Context<AppEnv>, person: Person, status?: ContentfulStatusCode) {
  const { t } = c.get("i18n");
  return render(
    c,
    { title: t("erasure.erasedTitle"), status },
    <ErasedPersonPage i18n={c.get("i18n")} person={person} />,
  );
}

/** For write routes of a person: a 409 page when they were erased (nothing of them can change), else null. */
export function refuseErased(
  c: Context<AppEnv>,
  person: Pick<Person, "id" | "erasedAt">,
): Response | Promise<Response> | null {
  if (!person.erasedAt) return null;
  const { t } = c.get("i18n");
  const page = (
    <ErasureRefusedPage
      i18n={c.get("i18n")}
      message={t("erasure.readOnly")}
      back={`/people/${person.id}`}
      backLabel={t("history.back")}
    />
  );
  return render(c, { title: t("erasure.refusedTitle"), status: 409 }, page);
}

function refused(c: Context<AppEnv>, message: string, back: string) {
  const { t } = c.get("i18n");
  const page = (
    <ErasureRefusedPage i18n={c.get("i18n")} message={message} back={back} backLabel={t("history.back")} />
  );
  return render(c, { title: t("erasure.refusedTitle"), status: 409 }, page);
}

function alreadyErased(c: Context<AppEnv>, id: number, erasedAt: Date) {
  const i18n = c.get("i18n");
  return refused(c, i18n.t("erasure.alreadyErased", { date: i18n.date(erasedAt) }), `/people/${id}`);
}

function mergedAway(c: Context<AppEnv>, mergedIntoId: number) {
  return refused(c, c.get("i18n").t("erasure.mergedAway"), `/people/${mergedIntoId}`);
}

async function personFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? await getPerson(c.get("db"), id.data) : undefined;
}

/** The refusal a person's erasure meets before any form is read, or null when they can be erased. */
function refusalFor(c: Context<AppEnv>, person: Person) {
  if (person.erasedAt) return alreadyErased(c, person.id, person.erasedAt);
  if (person.mergedIntoId !== null) return mergedAway(c, person.mergedIntoId);
  return null;
}

erasureRoutes.get("/people/:id/erase", erase, async (c) => {
  const person = await personFromPath(c);
  if (!person) return renderErrorPage(c, 404);
  const refusal = refusalFor(c, person);
  if (refusal) return refusal;
  const plan = await planErasure(c.get("db"), person.id);
  const title = c.get("i18n").t("erasure.title", { name: person.fullName });
  return render(c, { title }, <ErasePage i18n={c.get("i18n")} person={person} plan={plan} />);
});

erasureRoutes.post("/people/:id/erase", erase, async (c) => {
  const person = await personFromPath(c);
  if (!person) return renderErrorPage(c, 404);
  const refusal = refusalFor(c, person);
  if (refusal) return refusal;
  const form = await parseForm(c, erasureSchema);
  if (!form.ok) {
    const plan = await planErasure(c.get("db"), person.id);
    const title = c.get("i18n").t("erasure.title", { name: person.fullName });
    const page = <ErasePage i18n={c.get("i18n")} person={person} plan={plan} {...form} />;
    return render(c, { title, status: 422 }, page);
  }
  const result = await c
    .get("db")
    .transaction((tx) => erasePerson(tx, person.id, form.data.reason, actorOf(c)));
  if (result.outcome === "missing") return renderErrorPage(c, 404);
  if (result.outcome === "alreadyErased") return alreadyErased(c, person.id, result.erasedAt);
  if (result.outcome === "mergedAway") return mergedAway(c, result.mergedIntoId);
  // The flash names no one: the name is gone.
  return redirectWithFlash(c, `/people/${person.id}`, { key: "erasure.done" });
});
