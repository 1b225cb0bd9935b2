/**
 * Merging duplicates (coordinator and above): GET /duplicates (likely pairs), POST /duplicates/dismiss ("not a
 * duplicate"), GET and POST /people/:id/merge and /organizations/:id/merge (choose the other record, compare, merge
 * into :id), POST /merges/:id/undo (from the record's history).
 */
import { type Context, Hono } from "hono";
import { actorOf, need } from "../auth/middleware";
import type { MergeableKind } from "../db/schema/merges";
import { findLikelyDuplicates } from "../directory/duplicates";
import { recordId } from "../directory/fields";
import { recordSensitiveView, withSensitiveValues } from "../protection/access-log";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { parseForm, readForm, validateForm } from "../web/form";
import { render } from "../web/render";
import { type MergeKind, mergeKinds } from "./kinds";
import { dismissPair, duplicatePairsLimit, listDuplicatePairs } from "./pairs";
import {
  type Choices,
  countLinks,
  type DirectoryRecord,
  findMergeCandidates,
  getRecord,
  mergeRecords,
  nameOf,
  undoMerge,
} from "./queries";
import { choicesFrom, dismissSchema, duplicatesQuerySchema, mergeFormSchema } from "./validation";
import { DuplicatesPage, defaultChoices, MergeComparePage, MergePickPage, MergeProblemPage } from "./views";

export const mergeRoutes = new Hono<AppEnv>();
const merge = need("records:merge");

mergeRoutes.get("/duplicates", merge, async (c) => {
  const { kind } = duplicatesQuerySchema.parse(c.req.query());
  const pairs = await listDuplicatePairs(c.get("db"), kind);
  const page = <DuplicatesPage i18n={c.get("i18n")} kind={kind} pairs={pairs} limit={duplicatePairsLimit} />;
  return render(c, { title: c.get("i18n").t("duplicates.title") }, page);
});

mergeRoutes.post("/duplicates/dismiss", merge, async (c) => {
  const form = await parseForm(c, dismissSchema);
  if (!form.ok) return renderErrorPage(c, 400);
  const { kind, first, second } = form.data;
  const dismissed = await c.get("db").transaction((tx) => dismissPair(tx, kind, [first, second], actorOf(c)));
  if (!dismissed) return renderErrorPage(c, 404);
  return redirectWithFlash(c, `/duplicates?kind=${kind}`, { key: "duplicates.dismissed" });
});

/** A record that can take part in a merge: it exists and was not merged away already. */
async function mergeableRecord(c: Context<AppEnv>, kind: MergeKind, id: unknown) {
  const parsed = recordId.safeParse(id);
  const record = parsed.success ? await getRecord(c.get("db"), kind, parsed.data) : undefined;
  // An erased person takes part in no merge: nothing of them may come back into a record (decision 24).
  const erased = record && "erasedAt" in record && record.erasedAt !== null;
  return record && record.mergedIntoId === null && !erased ? record : undefined;
}

function side(kind: MergeKind, record: DirectoryRecord) {
  return { id: record.id, version: record.version, name: nameOf(kind, record), fields: kind.fields(record) };
}

async function renderCompare(
  c: Context<AppEnv>,
  kind: MergeKind,
  records: [DirectoryRecord, DirectoryRecord],
  options: { choices?: Choices; problem?: string; status?: 409 } = {},
) {
  const [survivor, other] = records.map((record) => side(kind, record)) as [
    ReturnType<typeof side>,
    ReturnType<typeof side>,
  ];
  const choices = options.choices ?? defaultChoices(kind, survivor, other);
  const links = await countLinks(c.get("db"), kind, other.id);
  // Two people side by side show every field, community and displacement status among them.
  if (kind.kind === "person") {
    const people = records.map(({ id, community, displacementStatus }) => ({
      id,
      community: (community as string | null) ?? null,
      displacementStatus: (displacementStatus as string | null) ?? null,
    }));
    await recordSensitiveView(c, "person.merge", withSensitiveValues(people));
  }
  const title = c.get("i18n").t("merge.compareTitle", { survivor: survivor.name, other: other.name });
  const page = (
    <MergeComparePage
      i18n={c.get("i18n")}
      kind={kind}
      survivor={survivor}
      other={other}
      choices={choices}
      links={links}
      problem={options.problem}
    />
  );
  return render(c, { title, status: options.status }, page);
}

function addMergeRoutes(kindName: MergeableKind) {
  const kind = mergeKinds[kindName];

  mergeRoutes.get(`${kind.base}/:id/merge`, merge, async (c) => {
    const record = await mergeableRecord(c, kind, c.req.param("id"));
    if (!record) return renderErrorPage(c, 404);
    const withId = c.req.query("with");
    if (withId !== undefined) {
      const other = await mergeableRecord(c, kind, withId);
      if (!other || other.id === record.id) return renderErrorPage(c, 404);
      return renderCompare(c, kind, [record, other]);
    }
    const q = (c.req.query("q") ?? "").trim().slice(0, 200);
    const name = nameOf(kind, record);
    const contact = {
      email: (record.email as string | null) ?? null,
      phone: (record.phone as string | null) ?? null,
    };
    const likely = await findLikelyDuplicates(c.get("db"), kind.kind, { name, ...contact }, record.id);
    const results = await findMergeCandidates(c.get("db"), kind, record.id, q);
    const page = (
      <MergePickPage
        i18n={c.get("i18n")}
        kind={kind}
        record={{ id: record.id, name }}
        likely={likely}
        q={q}
        results={results}
      />
    );
    return render(c, { title: c.get("i18n").t("merge.title", { name }) }, page);
  });

  mergeRoutes.post(`${kind.base}/:id/merge`, merge, async (c) => {
    const survivor = await mergeableRecord(c, kind, c.req.param("id"));
    const values = await readForm(c);
    const form = validateForm(mergeFormSchema, values);
    if (!survivor) return renderErrorPage(c, 404);
    if (!form.ok) return renderErrorPage(c, 400);
    const other = await mergeableRecord(c, kind, form.data.with);
    if (!other || other.id === survivor.id) return renderErrorPage(c, 404);
    const choices = choicesFrom(values);
    const request = { survivorId: survivor.id, otherId: other.id, ...form.data, choices };
    const result = await c.get("db").transaction((tx) => mergeRecords(tx, kind, request, actorOf(c)));
    const names = { survivor: nameOf(kind, survivor), other: nameOf(kind, other) };
    if (result.outcome === "merged") {
      return redirectWithFlash(c, `${kind.base}/${survivor.id}`, { key: "merge.done", params: names });
    }
    if (result.outcome === "missing") return renderErrorPage(c, 404);
    // Changed or merged elsewhere meanwhile: compare again with what is stored now, their choices kept.
    const [current, currentOther] = [
      await getRecord(c.get("db"), kind, survivor.id),
      await getRecord(c.get("db"), kind, other.id),
    ];
    const problem = c.get("i18n").t(result.outcome === "changed" ? "merge.changed" : "merge.alreadyMerged");
    if (!current || !currentOther || current.mergedIntoId !== null || currentOther.mergedIntoId !== null) {
      return render(
        c,
        { title: c.get("i18n").t("merge.problemTitle"), status: 409 },
        <MergeProblemPage i18n={c.get("i18n")} message={problem} back={`${kind.base}/${survivor.id}`} />,
      );
    }
    return renderCompare(c, kind, [current, currentOther], { choices, problem, status: 409 });
  });
}

addMergeRoutes("person");
addMergeRoutes("organization");

mergeRoutes.post("/merges/:id/undo", merge, async (c) => {
  const id = recordId.safeParse(c.req.param("id"));
  if (!id.success) return renderErrorPage(c, 404);
  const result = await c.get("db").transaction((tx) => undoMerge(tx, id.data, actorOf(c)));
  if (result.outcome === "missing") return renderErrorPage(c, 404);
  if (result.outcome === "undone") {
    const [first, second] = result.names;
    const location = `${result.kind.base}/${result.mergedId}`;
    return redirectWithFlash(c, location, { key: "merge.undone", params: { first, second } });
  }
  const { t } = c.get("i18n");
  const message =
    result.outcome === "alreadyUndone"
      ? t("merge.alreadyUndone")
      : t("merge.undoRefused", { name: result.name });
  return render(
    c,
    { title: t("merge.problemTitle"), status: 409 },
    <MergeProblemPage i18n={c.get("i18n")} message={message} back={result.history} />,
  );
});
