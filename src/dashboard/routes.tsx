/** The home page once signed in. */
import { Hono } from "hono";
import { need } from "../auth/middleware";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { countNetwork, listUpcomingActivities } from "./queries";
import { DashboardPage } from "./views";

export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.get("/", need("dashboard:view"), async (c) => {
  const today = new Date().toISOString().slice(0, 10);
  const [counts, upcoming] = await Promise.all([
    countNetwork(c.var.db),
    listUpcomingActivities(c.var.db, today),
  ]);
  const page = (
    <DashboardPage i18n={c.var.i18n} name={c.var.user?.name ?? ""} counts={counts} upcoming={upcoming} />
  );
  return render(c, { title: c.var.i18n.t("nav.dashboard") }, page);
});
