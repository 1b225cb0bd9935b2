-- Each person's first day at a held activity they attended (any programme): the overview tells new people from
-- returning ones by it without reading everyone's whole history. Writers only note what changed in
-- first_attendance_changes (plain inserts: no waits or deadlocks between concurrent writers): the person of an
-- attendance added, removed or changed, or an activity whose day or status changed (its attendees are looked up
-- later, by the catch-up, in the same snapshot as the change: a trigger here could miss an attendance committed
-- meanwhile). src/reports/first-attendances.ts works the days out again before a report reads them; while anything
-- is noted, the report reads the history instead. No foreign key: deleting a person never waits for a catch-up (their
-- participations go first, which notes them, and the catch-up then removes their day).
-- See docs/decisions/0011-participation-reports.md.
CREATE TABLE IF NOT EXISTS "first_attendances" (
  "person_id" integer PRIMARY KEY,
  "first_on" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "first_attendances_first_on_idx" ON "first_attendances" ("first_on");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "first_attendance_changes" ("person_id" integer, "activity_id" integer);
--> statement-breakpoint
-- An attendance added or removed, or a participation whose person, activity or status changed to or from attended:
-- its person (before and after). Other edits (role, scores, the organisation snapshot) cannot move a first day.
CREATE OR REPLACE FUNCTION "note_first_attendance_participations"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO first_attendance_changes (person_id)
    SELECT DISTINCT person_id FROM new_rows WHERE status = 'attended';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO first_attendance_changes (person_id)
    SELECT DISTINCT person_id FROM old_rows WHERE status = 'attended';
  ELSE
    INSERT INTO first_attendance_changes (person_id)
    SELECT unnest(array[o.person_id, n.person_id])
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.status = 'attended' OR n.status = 'attended')
      AND (o.person_id, o.activity_id, o.status) IS DISTINCT FROM (n.person_id, n.activity_id, n.status);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An activity moved to another day, cancelled or held again: the activity.
CREATE OR REPLACE FUNCTION "note_first_attendance_activities"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO first_attendance_changes (activity_id)
  SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE n.start_date IS DISTINCT FROM o.start_date OR n.status IS DISTINCT FROM o.status;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "participations_inserted_first_attendances" ON "participations";
--> statement-breakpoint
CREATE TRIGGER "participations_inserted_first_attendances" AFTER INSERT ON "participations"
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "note_first_attendance_participations"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "participations_updated_first_attendances" ON "participations";
--> statement-breakpoint
CREATE TRIGGER "participations_updated_first_attendances" AFTER UPDATE ON "participations"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "note_first_attendance_participations"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "participations_deleted_first_attendances" ON "participations";
--> statement-breakpoint
CREATE TRIGGER "participations_deleted_first_attendances" AFTER DELETE ON "participations"
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "note_first_attendance_participations"();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "activities_updated_first_attendances" ON "activities";
--> statement-breakpoint
CREATE TRIGGER "activities_updated_first_attendances" AFTER UPDATE ON "activities"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "note_first_attendance_activities"();
--> statement-breakpoint
-- Everyone who has attended so far, noted once the triggers are in place (their locks wait for writers already
-- running, so none is missed): the first catch-up works their days out.
INSERT INTO "first_attendance_changes" ("person_id")
SELECT DISTINCT "person_id" FROM "participations" WHERE "status" = 'attended';
