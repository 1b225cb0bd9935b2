/** /search?q=: people and organisations at once, from the search box in the navigation bar. */
import { Hono } from "hono";
import { need } from "../auth/middleware";
import { listOrganizations } from "../organizations/queries";
import { organizationFiltersSchema } from "../organizations/validation";
import { listPeople } from "../people/queries";
import { peopleFiltersSchema } from "../people/validation";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { SearchPage } from "./views";

export const searchRoutes = new Hono<AppEnv>();

searchRoutes.get("/search", need("directory:view"), async (c) => {
  const q = (c.req.query("q") ?? "").trim().slice(0, 200);
  const [people, organizations] = q
    ? await Promise.all([
        listPeople(c.get("db"), peopleFiltersSchema.parse({ q })),
        listOrganizations(c.get("db"), organizationFiltersSchema.parse({ q })),
      ])
    : [null, null];
  return render(
    c,
    { title: c.get("i18n").t("search.title") },
    <SearchPage i18n={c.get("i18n")} q={q} people={people} organizations={organizations} />,
  );
});
