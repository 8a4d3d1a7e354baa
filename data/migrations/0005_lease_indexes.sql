-- KeyForge hive schema, version 5: indexes the lease's pick can walk in order (docs/OPERATIONS.md,
-- "How far one hive goes"). A lease takes, job by job (priority, age, id), the lowest unit that is queued
-- or whose lease expired. Before this, that pick matched no index: every lease sorted all open units of
-- the open jobs (100 000 of them took 190 ms and spilled the sort to disk). Now the lowest queued unit of
-- a job is the first entry of `job_units_queued`, and its expired leases are a range of `job_units_leased`.
CREATE INDEX job_units_queued ON job_units (job_id, unit) WHERE status = 'queued';
CREATE INDEX job_units_leased ON job_units (job_id, lease_expires_at) WHERE status = 'leased';
-- `job_units_open` (status, lease_expires_at) served only the old pick and the count of leased units, which
-- `job_units_leased` serves as well; one index fewer to write on every lease, renewal and finish.
DROP INDEX IF EXISTS job_units_open;
