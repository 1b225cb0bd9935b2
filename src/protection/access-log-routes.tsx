/**
 * Reading the access log: GET /people/:id/access-log (who saw this person's sensitive fields or downloaded them;
 * coordinators and above) and GET /admin/access-log (everyone's, by user and dates; admins). Filters that cannot be
 * read are left out with a word why, never an error.
 */
import { Hono } from "hono";
import { z } from "zod";
import { need } from "../auth/middleware";
import { isCalendarDate, recordId } from "../directory/fields";
import { fromLocalInput } from "../interactions/local-time";
import { getPerson } from "../people/queries";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { render } from "../web/render";
import { listAccessLog, listLogUsers } from "./access-log";
import { AdminAccessLogPage, type AdminLogFilters, PersonAccessLogPage } from "./access-log-views";

export const accessLogRoutes = new Hono<AppEnv>();

const pageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);

/** The first moment of a calendar day in the programme's time zone; `after`: of the day after (an exclusive end). */
function startOfDay(day: string, timeZone: string, after = false): Date | undefined {
  const date = new Date(`${day}T00:00:00Z`);
  if (after) date.setUTCDate(date.getUTCDate() + 1);
  return fromLocalInput(`${date.toISOString().slice(0, 10)}T00:00`, timeZone) ?? undefined;
}

accessLogRoutes.get("/people/:id/access-log", need("sensitive:view"), async (c) => {
  const id = recordId.safeParse(c.req.param("id"));
  const person = id.success ? await getPerson(c.get("db"), id.data) : undefined;
  if (!person) return renderErrorPage(c, 404);
  const page = pageNumber.parse(c.req.query("page"));
  const { rows, more } = await listAccessLog(c.get("db"), { personId: person.id, page });
  const name = person.erasedAt ? null : person.fullName;
  const { t } = c.get("i18n");
  return render(
    c,
    { title: t("accessLog.personTitle", { name: name ?? t("accessLog.erasedPerson") }) },
    <PersonAccessLogPage
      i18n={c.get("i18n")}
      person={{ id: person.id, name }}
      rows={rows}
      page={page}
      more={more}
      query=""
    />,
  );
});

accessLogRoutes.get("/admin/access-log", need("access:log"), async (c) => {
  const { t } = c.get("i18n");
  const query = c.req.query();
  const ignored: string[] = [];
  const filters: AdminLogFilters = {};
  const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);
  const user = (query.user ?? "").trim();
  if (user !== "") {
    const parsed = /^\d+$/.test(user) ? recordId.safeParse(user) : undefined;
    if (parsed?.success) filters.userId = parsed.data;
    else ignored.push(t("accessLog.badUser", { value: shown(user) }));
  }
  for (const field of ["from", "to"] as const) {
    const day = (query[field] ?? "").trim();
    if (day === "") continue;
    if (isCalendarDate(day)) filters[field] = day;
    else ignored.push(t("accessLog.badDate", { value: shown(day) }));
  }
  if (filters.from && filters.to && filters.from > filters.to) ignored.push(t("accessLog.badRange"));
  const page = pageNumber.parse(query.page);
  const timeZone = c.get("config").timeZone;
  const [{ rows, more }, users] = await Promise.all([
    listAccessLog(c.get("db"), {
      userId: filters.userId,
      from: filters.from ? startOfDay(filters.from, timeZone) : undefined,
      to: filters.to ? startOfDay(filters.to, timeZone, true) : undefined,
      page,
    }),
    listLogUsers(c.get("db")),
  ]);
  // The links to other pages keep only the filters that were read.
  const kept = new URLSearchParams();
  if (filters.userId !== undefined) kept.set("user", String(filters.userId));
  if (filters.from) kept.set("from", filters.from);
  if (filters.to) kept.set("to", filters.to);
  return render(
    c,
    { title: t("accessLog.title") },
    <AdminAccessLogPage
      i18n={c.get("i18n")}
      filters={filters}
      users={users}
      ignored={ignored}
      rows={rows}
      page={page}
      more={more}
      query={kept.toString()}
    />,
  );
});
