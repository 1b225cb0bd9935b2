/**
 * The access log (decision 24): every time a page shows someone's sensitive fields (community, displacement status)
 * and every download, one row with who, when, what and the people it covered. One row per page or export, with the
 * person ids in one int[] column (one array parameter, however many people an export holds).
 */

import { and, arrayContains, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Context } from "hono";
import { can } from "../auth/permissions";
import type { Db, Tx } from "../db/client";
import { accessLog, people, users } from "../db/schema";
import type { AppEnv } from "../web/env";

export type AccessKind = "view" | "export";

export type AccessEntry = {
  /** Who saw or downloaded; null for the command line. */
  userId: number | null;
  kind: AccessKind;
  /** A short name of the page or export, e.g. "person", "people.csv", "cli:people.xlsx". */
  what: string;
  /** The people shown or exported (duplicates are dropped). */
  personIds: readonly number[];
  /** The query string, format, row count and so on. */
  detail?: Record<string, unknown>;
  requestId?: string | null;
};

export async function recordAccess(db: Db | Tx, entry: AccessEntry): Promise<void> {
  const personIds = [...new Set(entry.personIds)];
  await db.insert(accessLog).values({
    userId: entry.userId,
    kind: entry.kind,
    what: entry.what,
    personIds,
    detail: entry.detail ?? null,
    requestId: entry.requestId ?? null,
  });
}

/** Who is reading, in a handler behind `need()`: the signed-in user's id and this request's id. */
export function accessFrom(c: Context<AppEnv>): { userId: number; requestId: string } {
  const user = c.get("user");
  if (!user) throw new Error("accessFrom() used on a route without need()");
  return { userId: user.id, requestId: c.get("requestId") };
}

type SensitiveValues = { id: number; community: string | null; displacementStatus: string | null };

/** The people among these that have a sensitive value to show (a community or a displacement status). */
export function withSensitiveValues(records: readonly SensitiveValues[]): number[] {
  return records
    .filter((record) => Boolean(record.community?.trim()) || record.displacementStatus !== null)
    .map((record) => record.id);
}

/**
 * Logs that the page being answered shows these people's sensitive fields to the signed-in user. Nothing is logged
 * for a user who may not see them (the page shows them only that a value exists), nor when it shows no one.
 */
export async function recordSensitiveView(
  c: Context<AppEnv>,
  what: string,
  personIds: readonly number[],
  detail?: Record<string, unknown>,
): Promise<void> {
  const user = c.get("user");
  if (!user || !can(user.role, "sensitive:view") || personIds.length === 0) return;
  await recordAccess(c.get("db"), { ...accessFrom(c), kind: "view", what, personIds, detail });
}

export const accessLogPageSize = 50;
/** How many of an entry's people the admin's list names; the rest are counted. */
export const namedPerEntry = 3;

export type AccessLogRow = {
  id: number;
  createdAt: Date;
  userId: number | null;
  userName: string | null;
  kind: AccessKind;
  what: string;
  /** How many people the entry covers. */
  people: number;
  /** The first `namedPerEntry` of them; `name` null for an erased person. */
  named: { id: number; name: string | null }[];
};

export type AccessLogQuery = {
  personId?: number;
  userId?: number;
  /** Moments; `to` exclusive. */
  from?: Date;
  to?: Date;
  page: number;
};

/** One page of the log, newest first; `more` when there is a page after it. */
export async function listAccessLog(
  db: Db,
  query: AccessLogQuery,
): Promise<{ rows: AccessLogRow[]; more: boolean }> {
  const conditions = [
    // The GIN index on person_ids answers "@>" (contains).
    query.personId === undefined ? undefined : arrayContains(accessLog.personIds, [query.personId]),
    query.userId === undefined ? undefined : eq(accessLog.userId, query.userId),
    query.from === undefined ? undefined : gte(accessLog.createdAt, query.from),
    query.to === undefined ? undefined : lt(accessLog.createdAt, query.to),
  ];
  const found = await db
    .select({
      id: accessLog.id,
      createdAt: accessLog.createdAt,
      userId: accessLog.userId,
      userName: users.name,
      kind: accessLog.kind,
      what: accessLog.what,
      people: sql<number>`cardinality(${accessLog.personIds})`.mapWith(Number),
      firstIds: sql<number[]>`${accessLog.personIds}[1:${sql.raw(String(namedPerEntry))}]`,
    })
    .from(accessLog)
    .leftJoin(users, eq(users.id, accessLog.userId))
    .where(and(...conditions))
    .orderBy(desc(accessLog.createdAt), desc(accessLog.id))
    .limit(accessLogPageSize + 1)
    .offset((query.page - 1) * accessLogPageSize);
  const rows = found.slice(0, accessLogPageSize);
  const ids = [...new Set(rows.flatMap((row) => idsOf(row.firstIds)))];
  const names = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .select({ id: people.id, name: people.fullName, erasedAt: people.erasedAt })
            .from(people)
            .where(inArray(people.id, ids))
        ).map((person) => [person.id, person.erasedAt ? null : person.name] as const),
  );
  return {
    rows: rows.map(({ firstIds, ...row }) => ({
      ...row,
      // A person removed since keeps their id in the log; they are named as unknown.
      named: idsOf(firstIds).map((id) => ({ id, name: names.get(id) ?? null })),
    })),
    more: found.length > accessLogPageSize,
  };
}

/** An int[] as the drivers give it back: an array, or (a slice through `db.execute` paths) its text form. */
function idsOf(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === "string") return value.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
  return [];
}

/** Everyone who has an account, for the admin's filter by user (disabled accounts too: their reads stay logged). */
export async function listLogUsers(db: Db): Promise<{ id: number; name: string }[]> {
  return db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name), asc(users.id));
}
