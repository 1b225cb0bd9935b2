/**
 * GET /interactions/not-contacted: key stakeholders nobody has contacted for N days (or ever), longest first. Key
 * means a parliamentarian or an official, or anyone carrying the tag asked for. Archived records are left out.
 */
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { need } from "../auth/middleware";
import type { Db } from "../db/client";
import { interactionPeople, interactions, people } from "../db/schema";
import type { Translator } from "../i18n";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";

const querySchema = z.object({
  days: z.coerce.number().int().min(1).max(3650).catch(90),
  tag: z.string().trim().max(100).catch(""),
});

export const notContactedLimit = 200;

export async function listNotContacted(db: Db, days: number, tag: string) {
  const lastContact = sql<Date | null>`max(${interactions.occurredAt})`;
  const key = or(
    sql`${people.stakeholderType} in ('parliamentarian', 'official')`,
    tag ? sql`${tag} = any(${people.tags})` : undefined,
  );
  return db
    .select({
      id: people.id,
      fullName: people.fullName,
      stakeholderType: people.stakeholderType,
      lastContact,
    })
    .from(people)
    .leftJoin(interactionPeople, eq(interactionPeople.personId, people.id))
    .leftJoin(interactions, eq(interactions.id, interactionPeople.interactionId))
    .where(and(isNull(people.archivedAt), key))
    .groupBy(people.id)
    .having(sql`${lastContact} is null or ${lastContact} < now() - make_interval(days => ${days})`)
    .orderBy(sql`${lastContact} asc nulls first`, people.fullName)
    .limit(notContactedLimit);
}

type Row = Awaited<ReturnType<typeof listNotContacted>>[number];

function NotContactedPage({
  i18n,
  days,
  tag,
  rows,
}: {
  i18n: Translator;
  days: number;
  tag: string;
  rows: Row[];
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="quiet-title">
      <h1 id="quiet-title">{t("quiet.title", { days })}</h1>
      <p>{t("quiet.intro")}</p>
      <form method="get" action="/interactions/not-contacted" class="filters">
        <div class="field">
          <label for="quiet-days">{t("quiet.days")}</label>
          <input id="quiet-days" name="days" inputmode="numeric" value={String(days)} />
        </div>
        <div class="field">
          <label for="quiet-tag">{t("quiet.tag")}</label>
          <input id="quiet-tag" name="tag" value={tag} />
        </div>
        <button type="submit">{t("directory.apply")}</button>
      </form>
      {rows.length === 0 ? (
        <p>{t("quiet.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("field.fullName")}</th>
                <th scope="col">{t("field.stakeholderType")}</th>
                <th scope="col">{t("quiet.lastContact")}</th>
                <th scope="col">{t("duplicates.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={`/people/${row.id}`}>{row.fullName}</a>
                  </th>
                  <td>{t(`stakeholderType.${row.stakeholderType}`)}</td>
                  <td>{row.lastContact ? i18n.date(row.lastContact) : t("quiet.never")}</td>
                  <td>
                    <a href={`/interactions/new?person=${row.id}&return=/interactions/not-contacted`}>
                      {t("contacts.log")}
                      <span class="visually-hidden">: {row.fullName}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length >= notContactedLimit && (
        <p class="muted">{t("quiet.limited", { count: notContactedLimit })}</p>
      )}
    </section>
  );
}

export const notContactedRoutes = new Hono<AppEnv>();

notContactedRoutes.get("/interactions/not-contacted", need("directory:view"), async (c) => {
  const { days, tag } = querySchema.parse(c.req.query());
  const rows = await listNotContacted(c.get("db"), days, tag);
  const page = <NotContactedPage i18n={c.get("i18n")} days={days} tag={tag} rows={rows} />;
  return render(c, { title: c.get("i18n").t("quiet.title", { days }) }, page);
});
