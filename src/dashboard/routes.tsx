/** The home page once signed in. */
import { Hono } from "hono";
import { need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { MyFollowUps } from "../interactions/follow-up-list";
import { listOpenFollowUps } from "../interactions/follow-ups";
import { listActiveUsers } from "../interactions/queries";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { countNetwork, listUpcomingActivities } from "./queries";
import { DashboardPage } from "./views";

export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.get("/", need("dashboard:view"), async (c) => {
  const today = c.get("i18n").today();
  const { user } = signedIn(c);
  const [counts, upcoming, followUps, users] = await Promise.all([
    countNetwork(c.get("db")),
    listUpcomingActivities(c.get("db"), today),
    can(user.role, "interactions:log") ? listOpenFollowUps(c.get("db"), user.id) : null,
    listActiveUsers(c.get("db"), user.id),
  ]);
  const page = (
    <DashboardPage i18n={c.get("i18n")} name={user.name} counts={counts} upcoming={upcoming}>
      {followUps && <MyFollowUps i18n={c.get("i18n")} rows={followUps} users={users} me={user.id} />}
    </DashboardPage>
  );
  return render(c, { title: c.get("i18n").t("nav.dashboard") }, page);
});
