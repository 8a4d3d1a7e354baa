-- KeyForge hive schema, version 2: the job event history, and the archive worker's second collection.

-- Every event the hive publishes on job:<id>:updates, also kept here (the SSE relay is live only).
CREATE TABLE job_events (
    id          bigserial PRIMARY KEY,
    job_id      text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_events_by_job ON job_events (job_id, id);
CREATE INDEX job_events_by_age ON job_events (created_at, id);

-- Old job events moved out of `job_events` by the archive worker.
CREATE TABLE job_events_archive (
    id          bigint PRIMARY KEY,
    job_id      text NOT NULL,
    kind        text NOT NULL,
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now()
);

-- The archive worker lists the oldest results first.
CREATE INDEX results_by_age ON results (created_at, id);
