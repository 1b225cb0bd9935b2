-- The dashboard's counts, kept by the database instead of counted on every view (a million participations take a
-- third of a second to count). Each writing statement on a counted table adds one row: how many counted records it
-- added or removed. A count is the sum of its rows. Writers only insert, so concurrent writers never wait for each
-- other or for a reader (no hot row to update); src/db/record-counts.ts folds the rows into one per count now and
-- then. See docs/decisions/0014-load.md.
CREATE TABLE IF NOT EXISTS "record_counts" (
  "counter" text NOT NULL,
  "delta" bigint NOT NULL
);
--> statement-breakpoint
-- TG_ARGV[0]: the count's name; TG_ARGV[1]: which rows it counts (a condition on the table's columns, a constant
-- of this migration, never user input). A statement that leaves the count as it was adds nothing.
CREATE OR REPLACE FUNCTION "count_records"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added bigint := 0;
  removed bigint := 0;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM record_counts WHERE counter = TG_ARGV[0];
    RETURN NULL;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    EXECUTE format('SELECT count(*) FROM new_rows WHERE %s', TG_ARGV[1]) INTO added;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    EXECUTE format('SELECT count(*) FROM old_rows WHERE %s', TG_ARGV[1]) INTO removed;
  END IF;
  IF added <> removed THEN
    INSERT INTO record_counts (counter, delta) VALUES (TG_ARGV[0], added - removed);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Four statement-level triggers per counted table (a trigger with transition tables handles one event). Created
-- before the counts below, in the same transaction: their locks wait for writers already running and hold off new
-- ones until the counts are in, so no change is counted twice or missed.
DO $$
DECLARE
  counted record;
BEGIN
  FOR counted IN
    SELECT * FROM (VALUES
      ('organizations', 'organizations', 'archived_at IS NULL'),
      ('people', 'people', 'archived_at IS NULL'),
      ('activities', 'activities', 'status <> ''cancelled'''),
      ('attended', 'participations', 'status = ''attended'''),
      ('interactions', 'interactions', 'true')
    ) AS c(counter, tbl, condition)
  LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', counted.tbl || '_inserted_counts', counted.tbl);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION count_records(%L, %L)',
      counted.tbl || '_inserted_counts', counted.tbl, counted.counter, counted.condition);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', counted.tbl || '_updated_counts', counted.tbl);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION count_records(%L, %L)',
      counted.tbl || '_updated_counts', counted.tbl, counted.counter, counted.condition);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', counted.tbl || '_deleted_counts', counted.tbl);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION count_records(%L, %L)',
      counted.tbl || '_deleted_counts', counted.tbl, counted.counter, counted.condition);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', counted.tbl || '_truncated_counts', counted.tbl);
    EXECUTE format(
      'CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION count_records(%L, %L)',
      counted.tbl || '_truncated_counts', counted.tbl, counted.counter, counted.condition);
    EXECUTE format('DELETE FROM record_counts WHERE counter = %L', counted.counter);
    EXECUTE format(
      'INSERT INTO record_counts (counter, delta) SELECT %L, count(*) FROM %I WHERE %s',
      counted.counter, counted.tbl, counted.condition);
  END LOOP;
END $$;
