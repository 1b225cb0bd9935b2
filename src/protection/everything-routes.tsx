/**
 * GET /people/:id/everything (a page) and /people/:id/everything.json (a download): everything held on one person,
 * for an access request (coordinators and above). Each view and download is in the access log, written before the
 * records are read, so what is shown includes this very reading.
 */
import { type Context, Hono } from "hono";
import { need } from "../auth/middleware";
import { recordId } from "../directory/fields";
import { downloadResponse } from "../exports/csv";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { render } from "../web/render";
import { accessFrom, recordAccess } from "./access-log";
import { type Everything, everythingDocument, gatherEverything, personExists } from "./everything";
import { EverythingPage } from "./everything-views";

export const everythingRoutes = new Hono<AppEnv>();
const allowed = need("people:everything");

/** The person's records, with the reading logged first; undefined for a record that does not exist. */
async function readLogged(
  c: Context<AppEnv>,
  kind: "view" | "export",
  what: string,
): Promise<Everything | undefined> {
  const id = recordId.safeParse(c.req.param("id"));
  if (!id.success || !(await personExists(c.get("db"), id.data))) return undefined;
  await recordAccess(c.get("db"), { ...accessFrom(c), kind, what, personIds: [id.data] });
  return gatherEverything(c.get("db"), id.data);
}

everythingRoutes.get("/people/:id/everything", allowed, async (c) => {
  const data = await readLogged(c, "view", "person.everything");
  if (!data) return renderErrorPage(c, 404);
  const { i18n } = c.var;
  return render(
    c,
    { title: i18n.t("everything.title", { name: data.person.fullName }) },
    <EverythingPage i18n={i18n} data={data} />,
  );
});

everythingRoutes.get("/people/:id/everything.json", allowed, async (c) => {
  const data = await readLogged(c, "export", "person.everything.json");
  if (!data) return renderErrorPage(c, 404);
  const body = JSON.stringify(everythingDocument(data, new Date()), null, 2);
  return downloadResponse(
    body,
    `person-${data.person.id}-everything.json`,
    "application/json; charset=utf-8",
  );
});
