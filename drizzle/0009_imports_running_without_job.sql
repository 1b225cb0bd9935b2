-- Imports run as jobs (0006): one whose process died is taken again when its job's lease lapses, so the old rule
-- "running for over 30 minutes means interrupted" is gone. An import left running before jobs existed has no job to
-- finish it: it is marked interrupted, as that rule would have shown it.
UPDATE "imports" SET "status" = 'failed', "error" = 'interrupted', "updated_at" = now()
WHERE "status" = 'running'
  AND NOT EXISTS (
    SELECT 1 FROM "jobs" WHERE "jobs"."key" = 'import:' || "imports"."id" AND "jobs"."status" IN ('queued', 'running')
  );
