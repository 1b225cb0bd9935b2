/** The activity a route's `:id` names; undefined when it is not an id or there is no such activity. */
import type { Context } from "hono";
import { recordId } from "../directory/fields";
import type { AppEnv } from "../web/env";
import { getActivity } from "./queries";

export async function activityFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? await getActivity(c.get("db"), id.data) : undefined;
}
