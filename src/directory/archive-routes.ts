/** POST …/:id/archive and …/:id/restore for a directory record, the same for people and organisations. */
import type { Hono } from "hono";
import { need, signedIn } from "../auth/middleware";
import { organizations, people } from "../db/schema";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { recordId } from "./fields";
import { setArchived } from "./records";

const names = {
  "/organizations": [organizations, organizations.name],
  "/people": [people, people.fullName],
} as const;

export function addArchiveRoutes(routes: Hono<AppEnv>, base: keyof typeof names): void {
  const [table, nameColumn] = names[base];
  for (const archived of [true, false]) {
    routes.post(`${base}/:id/${archived ? "archive" : "restore"}`, need("directory:edit"), async (c) => {
      const id = recordId.safeParse(c.req.param("id"));
      const actor = { userId: signedIn(c).user.id, requestId: c.var.requestId };
      const name = id.success
        ? await c.var.db.transaction((tx) => setArchived(tx, table, id.data, archived, actor, nameColumn))
        : null;
      if (name === null) return renderErrorPage(c, 404);
      const key = archived ? "directory.archivedFlash" : "directory.restoredFlash";
      return redirectWithFlash(c, `${base}/${id.data}`, { key, params: { name } });
    });
  }
}
