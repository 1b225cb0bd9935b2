/** POST …/:id/archive and …/:id/restore for a directory record, the same for people and organisations. */
import type { Hono } from "hono";
import { actorOf, need } from "../auth/middleware";
import { organizations, people } from "../db/schema";
import { MergeProblemPage } from "../merge/views";
import { ErasureRefusedPage } from "../protection/erasure-views";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { render } from "../web/render";
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
      const name = id.success
        ? await c
            .get("db")
            .transaction((tx) => setArchived(tx, table, id.data, archived, actorOf(c), nameColumn))
        : null;
      if (name === null || !id.success) return renderErrorPage(c, 404);
      if (name === "erased") {
        const { t } = c.get("i18n");
        const back = `${base}/${id.data}`;
        const message = t("erasure.readOnly");
        const page = (
          <ErasureRefusedPage
            i18n={c.get("i18n")}
            message={message}
            back={back}
            backLabel={t("history.back")}
          />
        );
        return render(c, { title: t("erasure.refusedTitle"), status: 409 }, page);
      }
      if (name === "merged") {
        const { t } = c.get("i18n");
        const back = `${base}/${id.data}`;
        const page = (
          <MergeProblemPage i18n={c.get("i18n")} message={t("merge.restoreRefused")} back={back} />
        );
        return render(c, { title: t("merge.problemTitle"), status: 409 }, page);
      }
      const key = archived ? "directory.archivedFlash" : "directory.restoredFlash";
      return redirectWithFlash(c, `${base}/${id.data}`, { key, params: { name } });
    });
  }
}
