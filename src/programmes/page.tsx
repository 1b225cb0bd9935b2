/** One programme's page, shared by its own route and by the focus-area routes that come back to it with a message. */
import type { Context } from "hono";
import { signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { countProgrammeActivities, getProgramme, listFocusAreas, type Programme } from "./queries";
import { pathId } from "./validation";
import { ProgrammePage, type ProgrammePageProps } from "./views";

export async function programmeFromPath(c: Context<AppEnv>) {
  const id = pathId(c.req.param("id"));
  return id === undefined ? undefined : await getProgramme(c.get("db"), id);
}

type PageExtras = Pick<ProgrammePageProps, "notice" | "focusAreaState">;

/** The programme's page; a refused focus-area change comes back on it with its status. */
export async function renderProgrammePage(
  c: Context<AppEnv>,
  programme: Programme,
  extras: PageExtras = {},
  status?: 409 | 422,
) {
  const [areas, activityCount] = await Promise.all([
    listFocusAreas(c.get("db"), programme.id),
    countProgrammeActivities(c.get("db"), programme.id),
  ]);
  const canManage = can(signedIn(c).user.role, "activities:manage");
  const props = { i18n: c.get("i18n"), programme, areas, activityCount, canManage, ...extras };
  return render(c, { title: programme.name, status }, <ProgrammePage {...props} />);
}
