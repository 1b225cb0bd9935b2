/** /interactions: log a contact (from anywhere, back to where you were), the contact log with its filters, follow-ups done. */
import { type Context, Hono } from "hono";
import { actorOf, need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { recordId } from "../directory/fields";
import { exportFormat, sendExport } from "../exports/send";
import { SuggestionList } from "../web/components/field";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormValues, readForm } from "../web/form";
import { createOnce } from "../web/form-token";
import { isFragmentRequest, render } from "../web/render";
import { createInteraction } from "./contact";
import { readContactForm } from "./contact-form";
import { contactLogCsv } from "./export";
import { FlashUpdate } from "./follow-up-list";
import { getOpenFollowUp, markFollowUpDone } from "./follow-ups";
import { LogContactPage, type LogContactProps } from "./form";
import { InteractionsPage, InteractionsResults } from "./list";
import { fromLocalInput, toLocalInput } from "./local-time";
import { activityTitle, namesOf, type RecordKind, resolveEntries, suggestNames } from "./names";
import { listActiveUsers, listInteractions } from "./queries";
import { mayCloseFollowUp } from "./rights";
import { localPath, parseInteractionFilters } from "./validation";

export const interactionRoutes = new Hono<AppEnv>();
const log = need("interactions:log");

type FormState = Omit<LogContactProps, "i18n" | "users">;

async function renderLogForm(c: Context<AppEnv>, state: FormState, status?: 422) {
  const users = await listActiveUsers(c.get("db"));
  const page = <LogContactPage i18n={c.get("i18n")} users={users} {...state} />;
  return render(c, { title: c.get("i18n").t("contacts.logTitle"), status }, page);
}

const idFrom = (value: string | undefined) => {
  const id = recordId.safeParse(value);
  return id.success ? [id.data] : [];
};

interactionRoutes.get("/interactions/new", log, async (c) => {
  const { db, config } = c.var;
  const [people, organizations, [activityId]] = [
    idFrom(c.req.query("person")),
    idFrom(c.req.query("organization")),
    idFrom(c.req.query("activity")),
  ];
  const chosen = {
    people: await namesOf(db, "person", people),
    organizations: await namesOf(db, "organization", organizations),
    activity: activityId === undefined ? undefined : await activityTitle(db, activityId),
  };
  const values: FormValues = {
    kind: "meeting",
    occurredAt: toLocalInput(new Date(), config.timeZone),
    followUpAssigneeId: String(signedIn(c).user.id),
    return: localPath(c.req.query("return")) ?? "",
  };
  return renderLogForm(c, { values, chosen });
});

interactionRoutes.post("/interactions", log, async (c) => {
  const users = await listActiveUsers(c.get("db"));
  const form = await readContactForm(
    c,
    users.map((user) => user.id),
  );
  if (!form.ok) return renderLogForm(c, form, 422);
  const { input } = form;
  const context =
    (input.personIds[0] && `/people/${input.personIds[0]}`) ||
    (input.organizationIds[0] && `/organizations/${input.organizationIds[0]}`) ||
    "/interactions";
  const path = localPath(form.values.return) ?? context;
  const saved = await createOnce(c, form.values, async (tx) => {
    await createInteraction(tx, input, actorOf(c));
    return { path };
  });
  if (saved instanceof Response) return saved;
  return redirectWithFlash(c, path, { key: "contacts.logged", params: { subject: input.subject } });
});

/** A filter naming a record: its id, or a name or email that finds exactly one. */
async function filterRecord(c: Context<AppEnv>, kind: RecordKind, typed: string) {
  if (typed === "") return { id: undefined };
  if (/^\d+$/.test(typed)) return { id: idFrom(typed)[0] };
  const [resolved] = await resolveEntries(c.get("db"), kind, [typed]);
  if (resolved && "found" in resolved) return { id: resolved.found.id };
  return { id: undefined, ignored: c.get("i18n").t("contacts.filterIgnored", { name: typed }) };
}

/** The first moment of a calendar day in the programme's zone; `after` moves to the day after. */
function startOfDay(day: string | undefined, timeZone: string, after = false) {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (after) date.setUTCDate(date.getUTCDate() + 1);
  return fromLocalInput(`${date.toISOString().slice(0, 10)}T00:00`, timeZone) ?? undefined;
}

interactionRoutes.get("/interactions", need("directory:view"), async (c) => {
  const filters = parseInteractionFilters(c.req.query());
  const [person, organization, users] = await Promise.all([
    filterRecord(c, "person", filters.person),
    filterRecord(c, "organization", filters.organization),
    listActiveUsers(c.get("db")),
  ]);
  const logQuery = {
    personId: person.id,
    organizationId: organization.id,
    kind: filters.kind,
    loggedBy: filters.loggedBy,
    from: startOfDay(filters.from, c.get("config").timeZone),
    to: startOfDay(filters.to, c.get("config").timeZone, true),
    page: filters.page,
  };
  const format = exportFormat(c);
  if (format) {
    return sendExport(c, format, async () =>
      contactLogCsv(
        (await listInteractions(c.get("readDb"), { ...logQuery, all: true })).rows,
        c.get("i18n"),
      ),
    );
  }
  const { rows, total } = await listInteractions(c.get("db"), logQuery);
  const ignored = [person.ignored, organization.ignored].filter((item) => item !== undefined);
  const query = new URL(c.req.url).search;
  const download = can(signedIn(c).user.role, "exports:download");
  const props = { i18n: c.get("i18n"), filters, ignored, users, rows, total, query, download };
  return render(
    c,
    { title: c.get("i18n").t("contacts.logPage") },
    <InteractionsPage {...props} />,
    <InteractionsResults {...props} />,
  );
});

/** The typeahead of a "People" or "Organisations" field: completes the last of its ";"-separated entries. */
for (const [field, kind] of [
  ["people", "person"],
  ["organizations", "organization"],
] as const) {
  interactionRoutes.get(`/interactions/suggestions/${field}`, need("directory:view"), async (c) => {
    const entries = (c.req.query(field) ?? "").slice(0, 2000).split(";");
    const last = (entries.pop() ?? "").trim();
    const before = entries.map((entry) => entry.trim()).filter(Boolean);
    const names = await suggestNames(c.get("db"), kind, last.slice(0, 200));
    const values = names.map((name) => [...before, name].join("; "));
    return c.html(<SuggestionList id={`${field}-suggestions`} values={values} />);
  });
}

interactionRoutes.post("/interactions/:id/follow-up/done", log, async (c) => {
  const [id] = idFrom(c.req.param("id"));
  const followUp = id === undefined ? undefined : await getOpenFollowUp(c.get("db"), id);
  if (followUp && !mayCloseFollowUp(signedIn(c).user, { followUpAssigneeId: followUp.assigneeId }))
    return renderErrorPage(c, 403);
  const done =
    followUp !== undefined &&
    (await c.get("db").transaction((tx) => markFollowUpDone(tx, followUp.id, actorOf(c))));
  const key = done ? "followUps.marked" : "followUps.gone";
  // With htmx the row goes away either way (it is no longer open); the message goes to the page's flash area.
  if (isFragmentRequest(c)) return c.html(<FlashUpdate message={c.get("i18n").t(key)} />);
  // From the dashboard, or from the contact's page (which says where to come back to).
  const back = localPath((await readForm(c)).return) ?? "/#follow-ups";
  return redirectWithFlash(c, back, { key });
});
