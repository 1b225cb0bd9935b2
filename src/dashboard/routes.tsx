/** The home page once signed in. */
import { Hono } from "hono";
import { need, signedIn } from "../auth/middleware";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { countNetwork, listUpcomingActivities } from "./queries";
import { DashboardPage } from "./views";

export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.get("/", need("dashboard:view"), async (c) => {
  const today = c.var.i18n.today();
  const [counts, upcoming] = await Promise.all([
    countNetwork(c.var.db),
    listUpcomingActivities(c.var.db, today),
  ]);
  const page = (
    <DashboardPage i18n={c.var.i18n} name={signedIn(c).user.name} counts={counts} upcoming={upcoming} />
  );
  return render(c, { title: c.var.i18n.t("nav.dashboard") }, page);
});
