/**
 * Each person's first day at a held activity they attended, kept in `first_attendances` (migration 0005) so the
 * overview tells new people from returning ones with an index range instead of everyone's whole history. Writers'
 * triggers only note whose day may have changed; `catchUpFirstAttendances` works those days out again from committed
 * data before a report reads, and a report that still finds a change noted reads the history instead
 * (`firstAttendancesCurrent`), so the figure is exact either way.
 */
import { sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import type { ReportScope } from "./filters";

/**
 * Works out again the first day of everyone noted as changed, and clears the notes, in one statement over one
 * snapshot. The table lock (which only this takes) keeps two catch-ups from writing older days over newer ones;
 * writers never wait for it. Returns how many people were noted.
 */
export async function catchUpFirstAttendances(db: Db): Promise<number> {
  if (await firstAttendancesCurrent(db)) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table first_attendances in share row exclusive mode`);
    const [done] = rowsOf<{ people: number | string }>(
      await tx.execute(sql`
        with noted as (delete from first_attendance_changes returning person_id),
        changed as (select distinct person_id from noted),
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
}

/** Whether every first day is worked out (no change noted since the last catch-up), as this transaction sees it. */
export async function firstAttendancesCurrent(db: Db | Tx): Promise<boolean> {
  const [row] = rowsOf<{ pending: boolean }>(
    await db.execute(sql`select exists (select 1 from first_attendance_changes) as pending`),
  );
  return row?.pending === false;
}

/** Whether the scope counts every held activity in its range (no programme, focus area, kind, country or partner). */
export function countsEveryActivity(scope: ReportScope): boolean {
  return !scope.programme && !scope.focusArea && !scope.kind && !scope.country && !scope.partner;
}
