-- A job no node can prepare (its assets cannot be synced or loaded, its scorer cannot be built) backs off
-- and, after repeated failures, ends as 'failed' with the reason (docs/OPERATIONS.md, "Failed jobs").
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ('queued', 'running', 'done', 'cancelled', 'failed'));
ALTER TABLE jobs ADD COLUMN preparation_failures integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN retry_after timestamptz;
ALTER TABLE jobs ADD COLUMN failure_reason text;
