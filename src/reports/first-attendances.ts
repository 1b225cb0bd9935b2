/**
 * Each person's first day at a held activity they attended, kept in `first_attendances` (migration 0005) so the
 * overview tells new people from returning ones with an index range instead of everyone's whole history. Writers'
 * triggers only note what changed (a person, or an activity whose day or status changed); `catchUpFirstAttendances`
 * works the days out again from committed data before a report reads, and a report that still finds something noted
 * reads the history instead (`firstAttendancesCurrent`), so the figure is exact either way.
 */
import { sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import type { ReportScope } from "./filters";

/** Any number stable across releases: the key of the advisory lock that lets one catch-up run at a time. */
const catchUpLockKey = 7_265_002;

/**
 * Works out again the first day of everyone noted (the people noted, and the attendees of the activities noted),
 * and clears those notes, in one statement over one snapshot: a change committed after it stays noted for the next.
 * One catch-up at a time (an advisory lock, which no writer takes), so an older snapshot never writes over a newer
 * one. Returns how many people were worked out.
 */
export async function catchUpFirstAttendances(db: Db): Promise<number> {
  if (await firstAttendancesCurrent(db)) return 0;
  const people = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${catchUpLockKey})`);
    const [done] = rowsOf<{ people: number | string }>(
      await tx.execute(sql`
        with noted as (delete from first_attendance_changes returning person_id, activity_id),
        changed as (
          select person_id from noted where person_id is not null
          union
          select pa.person_id from participations pa
          where pa.status = 'attended' and pa.activity_id in (select activity_id from noted where activity_id is not null)
        ),
        firsts as (
          select pa.person_id, min(a.start_date) as first_on
          from participations pa join activities a on a.id = pa.activity_id
          where pa.person_id in (select person_id from changed) and pa.status = 'attended' and a.status <> 'cancelled'
          group by pa.person_id
        ),
        gone as (
          delete from first_attendances f
          where f.person_id in (select person_id from changed) and f.person_id not in (select person_id from firsts)
        ),
        kept as (
          insert into first_attendances (person_id, first_on) select person_id, first_on from firsts
          on conflict (person_id) do update set first_on = excluded.first_on
        )
        select count(*) as people from changed`),
    );
    return Number(done?.people ?? 0);
  });
  // The notes are deleted rows now; the embedded database has no autovacuum to reclaim them.
  await db.execute(sql`vacuum first_attendance_changes`);
  return people;
}

/** Whether every first day is worked out (nothing noted since the last catch-up), as this transaction sees it. */
export async function firstAttendancesCurrent(db: Db | Tx): Promise<boolean> {
  const [row] = rowsOf<{ pending: boolean }>(
    await db.execute(sql`select exists (select 1 from first_attendance_changes) as pending`),
  );
  return row?.pending === false;
}

/** Parts of the scope that are not filters on activities: the range (checked on its own) and how it is bucketed. */
const notActivityFilters = new Set(["range", "from", "to", "by"]);

/**
 * Whether the scope counts every held activity in its range: no filter on activities set. Any other part of the
 * scope counts as a filter, so one added later reads the history (slower, still right) rather than the kept days.
 */
export function countsEveryActivity(scope: ReportScope): boolean {
  return Object.entries(scope).every(([key, value]) => notActivityFilters.has(key) || value === undefined);
}
