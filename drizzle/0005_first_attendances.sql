-- Each person's first day at a held activity they attended (any programme): the overview tells new people from
-- returning ones by it without reading everyone's whole history. Writers only note whose day may have changed
-- (first_attendance_changes, plain inserts: no waits or deadlocks between concurrent imports); the reports work the
-- days out again from committed data before they read, and read the full history while any change is still noted.
-- See docs/decisions/0011-participation-reports.md.
CREATE TABLE IF NOT EXISTS "first_attendances" (
  "person_id" integer PRIMARY KEY REFERENCES "people" ("id") ON DELETE CASCADE,
  "first_on" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "first_attendances_first_on_idx" ON "first_attendances" ("first_on");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "first_attendance_changes" ("person_id" integer NOT NULL);
--> statement-breakpoint
INSERT INTO "first_attendances" ("person_id", "first_on")
SELECT pa."person_id", min(a."start_date")
FROM "participations" pa JOIN "activities" a ON a."id" = pa."activity_id"
WHERE pa."status" = 'attended' AND a."status" <> 'cancelled'
GROUP BY pa."person_id"
ON CONFLICT ("person_id") DO NOTHING;
--> statement-breakpoint
-- A participation added, changed or removed: its person (before and after) if it was or is an attendance.
CREATE OR REPLACE FUNCTION "note_first_attendance_participations"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO first_attendance_changes (person_id)
    SELECT DISTINCT person_id FROM new_rows WHERE status = 'attended';
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO first_attendance_changes (person_id)
    SELECT DISTINCT person_id FROM old_rows WHERE status = 'attended';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An activity moved to another day, cancelled or held again: everyone who attended it.
CREATE OR REPLACE FUNCTION "note_first_attendance_activities"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO first_attendance_changes (person_id)
  SELECT DISTINCT pa.person_id
  FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN participations pa ON pa.activity_id = n.id
  WHERE pa.status = 'attended'
    AND (n.start_date IS DISTINCT FROM o.start_date OR n.status IS DISTINCT FROM o.status);
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
