/**
 * /imports: the wizard (coordinators and above). Upload → map the columns → preview (nothing written) → import in the
 * background → the result, its rejected lines as CSV, and undo. Every step works without JavaScript.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { actorOf, need } from "../auth/middleware";
import { can } from "../auth/permissions";
import { activities, importMappings, importRows, imports, users } from "../db/schema";
import { importKinds } from "../db/schema/enums";
import { recordId } from "../directory/fields";
import { csvResponse, toCsv } from "../exports/csv";
import { accessFrom, recordAccess } from "../protection/access-log";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormValues, readForm } from "../web/form";
import { createOnce, formTokenField, refuse } from "../web/form-token";
import { render } from "../web/render";
import { delimiterNamed } from "./delimiter";
import { importPath } from "./display";
import { encodingNamed } from "./encoding";
import { organizationsByName } from "./existing";
import { type FieldKey, fieldKeys, matchHeaders } from "./fields";
import { startImport } from "./job";
import { sameNameKey } from "./merge";
import { recordColumns } from "./record";
import { ImportPage, PreviewPage, StatusSection } from "./result";
import {
  createImport,
  ensureStaged,
  fileToImport,
  getImport,
  type ImportMapping,
  type ImportProblem,
  type ImportRecord,
  mappingOf,
  maxFileBytes,
  preparing,
  previewOf,
  tableOf,
} from "./run";
import { undoImport } from "./undo";
import { ImportsPage, MappingPage, UploadPage } from "./views";

export const importRoutes = new Hono<AppEnv>();
const run = need("imports:run");

async function importFromPath(c: Context<AppEnv>): Promise<ImportRecord | undefined> {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? await getImport(c.get("db"), id.data) : undefined;
}

importRoutes.get("/imports", run, async (c) => {
  const rows = await c
    .get("db")
    .select({ record: imports, by: users.name })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdBy))
    .orderBy(desc(imports.createdAt))
    .limit(100);
  const list = rows.map((row) => ({ ...row.record, by: row.by }));
  return render(
    c,
    { title: c.get("i18n").t("imports.title") },
    <ImportsPage i18n={c.get("i18n")} rows={list} />,
  );
});

const uploadQuery = z.object({
  kind: z.enum(importKinds).catch("people"),
  activity: z.coerce.number().int().positive().optional().catch(undefined),
});

async function renderUpload(
  c: Context<AppEnv>,
  state: { kind: (typeof importKinds)[number]; activityId?: number; error?: string; values?: FormValues },
  status?: 413 | 422,
) {
  const recent = await c
    .get("db")
    .select({ id: activities.id, title: activities.title, startDate: activities.startDate })
    .from(activities)
    .orderBy(desc(activities.startDate))
    .limit(300);
  const page = <UploadPage i18n={c.get("i18n")} activities={recent} {...state} />;
  return render(c, { title: c.get("i18n").t("imports.new"), status }, page);
}

/** A file over the limit, refused before it is read: the upload form again, saying so. */
export function uploadTooLarge(c: Context<AppEnv>) {
  // Checked before the route's own permission check: a stranger gets the plain page, not the form and its activities.
  const user = c.get("user");
  if (!user || !can(user.role, "imports:run")) return renderErrorPage(c, 413);
  return renderUpload(c, { kind: "people", error: c.get("i18n").t("imports.tooLarge") }, 413);
}

importRoutes.get("/imports/new", run, async (c) => {
  const query = uploadQuery.parse(c.req.query());
  return renderUpload(c, { kind: query.kind, activityId: query.activity });
});

/** The upload: its own size limit (the app's is for forms), a clear message for a file that cannot be imported. */
importRoutes.post("/imports", run, async (c) => {
  const { t } = c.get("i18n");
  const body = await c.req.parseBody().catch(() => null);
  if (!body) return renderErrorPage(c, 400);
  const kind = importKinds.find((value) => value === body.kind) ?? "people";
  const activityId = recordId.safeParse(body.activityId);
  const sent = body[formTokenField];
  const values = { [formTokenField]: typeof sent === "string" ? sent : "" };
  const state = { kind, activityId: activityId.success ? activityId.data : undefined, values };
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) {
    return renderUpload(c, { ...state, error: t("imports.chooseFile") }, 422);
  }
  if (file.size > maxFileBytes) return renderUpload(c, { ...state, error: t("imports.tooLarge") }, 413);
  const activity =
    kind === "participants" && state.activityId
      ? (
          await c
            .get("db")
            .select({ id: activities.id })
            .from(activities)
            .where(eq(activities.id, state.activityId))
        )[0]
      : undefined;
  if (kind === "participants" && !activity) {
    return renderUpload(c, { ...state, error: t("imports.activityNeeded") }, 422);
  }
  const sheet = typeof body.sheet === "string" ? body.sheet.slice(0, 100) : "";
  const refused = (problem: ImportProblem) =>
    renderUpload(c, { ...state, values: { ...values, sheet }, error: t(`imports.problem.${problem}`) }, 422);
  // A workbook is made CSV first, outside the transaction below.
  const prepared = await fileToImport(new Uint8Array(await file.arrayBuffer()), sheet);
  if (!prepared.ok) return refused(prepared.problem);
  const { workbook } = prepared;
  const upload = {
    kind,
    activityId: kind === "participants" ? (state.activityId ?? null) : null,
    fileName: file.name.slice(0, 200) || "upload.csv",
    bytes: prepared.bytes,
  };
  const saved = await createOnce(c, values, async (tx) => {
    const created = await createImport(tx, upload, actorOf(c), { fromWorkbook: workbook !== undefined });
    return created.ok ? { path: `${importPath(created.id)}/map` } : refuse(created.problem);
  });
  if (saved instanceof Response) return saved;
  if ("refused" in saved) return refused(saved.refused);
  // A workbook says which of its sheets was read; a second upload naming another reads that one.
  if (workbook) {
    return redirectWithFlash(c, saved.path, {
      key: "imports.sheetRead",
      params: { sheet: workbook.sheet, sheets: workbook.sheets.join(", ") },
    });
  }
  return c.redirect(saved.path, 303);
});

importRoutes.get("/imports/:id", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  return render(c, { title: record.fileName }, <ImportPage i18n={c.get("i18n")} record={record} />);
});

importRoutes.get("/imports/:id/status", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  return c.html(<StatusSection i18n={c.get("i18n")} record={record} />);
});

async function savedMappings(c: Context<AppEnv>, kind: ImportRecord["kind"]) {
  return c
    .get("db")
    .select({ id: importMappings.id, name: importMappings.name, mapping: importMappings.mapping })
    .from(importMappings)
    .where(eq(importMappings.kind, kind))
    .orderBy(asc(importMappings.name));
}

importRoutes.get("/imports/:id/map", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  if (!preparing.includes(record.status)) {
    return c.redirect(importPath(record.id), 303);
  }
  const read = await tableOf(c.get("db"), record);
  if (!read.ok) return renderErrorPage(c, 400);
  const saved = await savedMappings(c, record.kind);
  const mapping = mappingOf(record);
  // A saved mapping names fields by header, so it fits any file with those headers.
  const chosen = saved.find((m) => String(m.id) === c.req.query("saved"));
  const byHeader = (chosen?.mapping ?? null) as Record<string, string> | null;
  const columns = byHeader
    ? read.table.header.map(
        (header) =>
          (fieldKeys(record.kind).find((key) => key === byHeader[header]) ?? null) as FieldKey | null,
      )
    : mapping.columns;
  return render(
    c,
    { title: c.get("i18n").t("imports.mapTitle", { file: record.fileName }) },
    <MappingPage i18n={c.get("i18n")} record={record} table={read.table} columns={columns} saved={saved} />,
  );
});

/** Saves the mapping (and the reading choices); a changed encoding or delimiter shows the columns again, read anew. */
importRoutes.post("/imports/:id/map", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  if (!preparing.includes(record.status)) {
    return c.redirect(importPath(record.id), 303);
  }
  const form = await readForm(c);
  const encoding = encodingNamed(form.encoding ?? "");
  const delimiter = delimiterNamed(form.delimiter);
  if (!encoding || !delimiter) return renderErrorPage(c, 400);
  if (encoding !== record.encoding || delimiter !== record.delimiter) {
    const reread = await tableOf(c.get("db"), { ...record, encoding, delimiter });
    if (!reread.ok) return renderErrorPage(c, 400);
    const mapping: ImportMapping = {
      columns: matchHeaders(record.kind, reread.table.header),
      overwrite: [],
    };
    await c
      .get("db")
      .update(imports)
      .set({ encoding, delimiter, mapping, rowsTotal: reread.table.rowCount, updatedAt: new Date() })
      .where(eq(imports.id, record.id));
    return redirectWithFlash(c, `${importPath(record.id)}/map`, { key: "imports.reread" });
  }
  const read = await tableOf(c.get("db"), record);
  if (!read.ok) return renderErrorPage(c, 400);
  const known = fieldKeys(record.kind);
  const columns = read.table.header.map(
    (_, index) => known.find((key) => key === form[`column-${index}`]) ?? null,
  );
  // The preview's choices (fields to replace, organisations taken as existing ones) stay with the new columns.
  const mapping: ImportMapping = { ...mappingOf(record), columns };
  // Only while it is still being prepared: a run started meanwhile (another tab) keeps its state.
  const [mapped] = await c
    .get("db")
    .update(imports)
    .set({ mapping, status: "mapped", updatedAt: new Date() })
    .where(and(eq(imports.id, record.id), inArray(imports.status, preparing)))
    .returning(recordColumns);
  if (!mapped) return c.redirect(importPath(record.id), 303);
  // The lines are read through the mapping once, here, for the preview and the run.
  const staged = await ensureStaged(c.get("db"), mapped);
  if (!staged.ok) return renderErrorPage(c, 400);
  const saveAs = (form.saveAs ?? "").normalize("NFC").trim().slice(0, 100);
  if (saveAs) {
    const byHeader = Object.fromEntries(
      read.table.header.flatMap((header, index) => (columns[index] ? [[header, columns[index]]] : [])),
    );
    const actor = actorOf(c);
    await c
      .get("db")
      .insert(importMappings)
      .values({ kind: record.kind, name: saveAs, mapping: byHeader, createdBy: actor.userId })
      .onConflictDoUpdate({
        target: [importMappings.kind, importMappings.name],
        set: { mapping: byHeader, updatedAt: new Date() },
      });
  }
  return c.redirect(`${importPath(record.id)}/preview`, 303);
});

importRoutes.get("/imports/:id/preview", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  if (record.status !== "mapped" && record.status !== "previewed" && record.status !== "failed") {
    return c.redirect(importPath(record.id), 303);
  }
  // A GET writes nothing: the import stays "mapped" (imports previewed by earlier releases keep their label), and
  // its lines are staged when the mapping is saved.
  const summary = await previewOf(c.get("db"), record, c.get("i18n").today());
  if (!summary) return redirectWithFlash(c, `${importPath(record.id)}/map`, { key: "imports.mapAgain" });
  return render(
    c,
    { title: c.get("i18n").t("imports.previewTitle", { file: record.fileName }) },
    <PreviewPage
      i18n={c.get("i18n")}
      record={record}
      summary={summary}
      overwrite={new Set(mappingOf(record).overwrite)}
    />,
  );
});

/** An import whose preview is shown, and whose preview choices can change: still to run, or run and failed. */
const previewable: ImportRecord["status"][] = [...preparing, "failed"];

/** Saves the preview's choices, unless a run started meanwhile (another tab): that run keeps what it read. */
async function saveChoices(c: Context<AppEnv>, id: number, mapping: ImportMapping) {
  await c
    .get("db")
    .update(imports)
    .set({ mapping, updatedAt: new Date() })
    .where(and(eq(imports.id, id), inArray(imports.status, previewable)));
}

/**
 * The preview's choice for each organisation the import would create: create it (`new`), or it is an organisation
 * of the directory, by id (the one it resembles) or by name (`org-<n>-other`). Entries come as `org-<n>-key` (the
 * file's name's same-name key) with `org-<n>`; an id or name not in the directory changes nothing.
 */
importRoutes.post("/imports/:id/organizations", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  if (!previewable.includes(record.status)) return c.redirect(importPath(record.id), 303);
  const form = await readForm(c);
  const directory = await organizationsByName(c.get("db"));
  const known = new Set([...directory.values()].map((organization) => organization.id));
  const mapping = mappingOf(record);
  const sameAs = { ...mapping.sameAs };
  const notFound: string[] = [];
  const entries = Object.keys(form)
    .map((name) => /^org-(\d{1,4})-key$/.exec(name)?.[1])
    .filter((index): index is string => index !== undefined);
  for (const index of entries) {
    const key = form[`org-${index}-key`] ?? "";
    const other = (form[`org-${index}-other`] ?? "").trim();
    const chosen = form[`org-${index}`];
    const byName = other ? directory.get(sameNameKey(other))?.id : undefined;
    if (other && byName === undefined) notFound.push(other);
    const id = byName ?? (chosen && chosen !== "new" ? Number(chosen) : undefined);
    if (id !== undefined && known.has(id)) sameAs[key] = id;
    else if (chosen === "new" && !other) delete sameAs[key];
  }
  await saveChoices(c, record.id, { ...mapping, sameAs });
  const [missing] = notFound;
  return redirectWithFlash(
    c,
    `${importPath(record.id)}/preview`,
    missing
      ? { key: "imports.organizationNotFound", params: { name: missing } }
      : { key: "imports.organizationChoicesSaved" },
  );
});

/**
 * The preview's choice of the fields whose stored values the file's replace (a ticked `overwrite-<field>`); the
 * preview is shown again with it. A name that is no field of the import replaces nothing.
 */
importRoutes.post("/imports/:id/overwrite", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  if (!previewable.includes(record.status)) return c.redirect(importPath(record.id), 303);
  const form = await readForm(c);
  const overwrite = Object.keys(form)
    .filter((name) => form[name] === "on" && /^overwrite-[a-zA-Z]{1,40}$/.test(name))
    .map((name) => name.slice("overwrite-".length))
    .slice(0, 50);
  await saveChoices(c, record.id, { ...mappingOf(record), overwrite });
  return redirectWithFlash(c, `${importPath(record.id)}/preview`, { key: "imports.replaceChoicesSaved" });
});

importRoutes.post("/imports/:id/run", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  if (await startImport(c.get("db"), record.id, actorOf(c), c.get("i18n").today())) c.get("wakeWorker")();
  // Started now, or already running or done (a second click): its page says which.
  return c.redirect(importPath(record.id), 303);
});

/** The rejected lines as the file had them, with a column saying why, to fix and import again. */
importRoutes.get("/imports/:id/rejected.csv", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  const read = await tableOf(c.get("db"), record);
  const header = read.ok ? read.table.header : [];
  const rows = await c
    .get("db")
    .select({ values: importRows.values, errors: importRows.errors })
    .from(importRows)
    .where(and(eq(importRows.importId, record.id), eq(importRows.outcome, "rejected")))
    .orderBy(asc(importRows.lineNumber));
  const { t } = c.get("i18n");
  const reasons = (errors: unknown) =>
    ((errors as { column: number; header?: string; message: Parameters<typeof t>[0] }[] | null) ?? [])
      .map((e) => `${e.header ?? header[e.column] ?? ""}: ${t(e.message)}`)
      .join("; ");
  const body = toCsv(
    [...header, t("imports.reason")],
    rows.map((row) => [...((row.values as string[] | null) ?? []), reasons(row.errors)]),
  );
  // A download like any other: the lines were never records, so it names nobody, but it is logged.
  await recordAccess(c.get("db"), {
    ...accessFrom(c),
    kind: "export",
    what: "import.rejected",
    personIds: [],
    detail: { importId: record.id, rows: rows.length },
  });
  return csvResponse(body, `${record.fileName.replace(/\.[^.]*$/, "")}-${t("imports.rejectedFile")}.csv`);
});

importRoutes.post("/imports/:id/undo", run, async (c) => {
  const record = await importFromPath(c);
  if (!record) return renderErrorPage(c, 404);
  const result = await c.get("db").transaction((tx) => undoImport(tx, record.id, actorOf(c)));
  if (result.ok) return redirectWithFlash(c, importPath(record.id), { key: "imports.undone" });
  const { t } = c.get("i18n");
  const notice =
    "names" in result
      ? `${t(`imports.undo.${result.reason}`)} ${result.names.join(", ")}`
      : t("imports.undo.notDone");
  const current = (await getImport(c.get("db"), record.id)) ?? record;
  return render(
    c,
    { title: record.fileName, status: 409 },
    <ImportPage i18n={c.get("i18n")} record={current} notice={notice} />,
  );
});
