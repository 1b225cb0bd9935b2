/** What a record's pages show of merging: the Merge button and merged-into notice, and on the history the merges to undo. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import type { MergeableKind } from "../db/schema/merges";
import type { RecordMerge } from "../directory/views";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { mergeKinds } from "./kinds";
import { getRecord, listOpenMerges, nameOf } from "./queries";
import { MergeProblemPage } from "./views";

export async function openMergesSection(c: Context<AppEnv>, kind: MergeableKind, id: number): Promise<Child> {
  if (!can(signedIn(c).user.role, "records:merge")) return null;
  const open = await listOpenMerges(c.get("db"), kind, id);
  if (open.length === 0) return null;
  const { t, date } = c.get("i18n");
  return (
    <section aria-labelledby="open-merges-title" class="open-merges">
      <h2 id="open-merges-title">{t("merge.openTitle")}</h2>
      <ul>
        {open.map((merge) => (
          <li>
            {t("history.mergedWith")}{" "}
            <a href={`${mergeKinds[kind].base}/${merge.otherId}`}>{merge.otherName}</a> ·{" "}
            {date(merge.createdAt, "datetime")}{" "}
            <form method="post" action={`/merges/${merge.id}/undo`} class="inline-form">
              <button type="submit">
                {t("merge.undo")}
                <span class="visually-hidden">: {merge.otherName}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Merged-away records are read-only: a change belongs on the record they were merged into. For write routes: a 409
 * page saying so, or null when the record is not merged away.
 */
export function refuseMergedAway(
  c: Context<AppEnv>,
  kindName: MergeableKind,
  record: { mergedIntoId: number | null },
): Response | Promise<Response> | null {
  if (record.mergedIntoId === null) return null;
  const { t } = c.get("i18n");
  const back = `${mergeKinds[kindName].base}/${record.mergedIntoId}`;
  const page = <MergeProblemPage i18n={c.get("i18n")} message={t("merge.readOnly")} back={back} />;
  return render(c, { title: t("merge.problemTitle"), status: 409 }, page);
}

/** For a record's page: may the viewer merge it, and where did it go if it was merged away. */
export async function recordMerge(
  c: Context<AppEnv>,
  kindName: MergeableKind,
  record: { mergedIntoId: number | null },
): Promise<RecordMerge> {
  const kind = mergeKinds[kindName];
  const allowed = can(signedIn(c).user.role, "records:merge");
  const survivor = record.mergedIntoId ? await getRecord(c.get("db"), kind, record.mergedIntoId) : undefined;
  const mergedInto = survivor ? { name: nameOf(kind, survivor), href: `${kind.base}/${survivor.id}` } : null;
  return { allowed, mergedInto };
}
