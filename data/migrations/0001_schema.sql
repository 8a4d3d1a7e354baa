-- KeyForge hive schema, version 1. Applied once, inside a transaction, recorded in schema_migrations.

CREATE TABLE keyboards (
    name          text PRIMARY KEY,
    content_hash  text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rubrics (
    name          text PRIMARY KEY,
    content_hash  text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE corpus_refs (
    id            text PRIMARY KEY,
    content_hash  text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);

-- A job: its id is the SHA-256 of the canonical encoding of its validated config (JobConfig+Canonical).
CREATE TABLE jobs (
    id            text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    config        jsonb NOT NULL,
    keyboard      text NOT NULL,
    status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'cancelled')),
    priority      integer NOT NULL DEFAULT 0,
    units_total   integer NOT NULL CHECK (units_total > 0),
    units_done    integer NOT NULL DEFAULT 0,
    best_score    bigint,
    best_result   bigint,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz
);
CREATE INDEX jobs_by_status ON jobs (status, priority DESC, created_at);

-- The budget split into units (a seed each); a unit is leased to one node at a time.
CREATE TABLE job_units (
    job_id           text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    unit             integer NOT NULL,
    status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'leased', 'done')),
    lease_owner      text,
    lease_token      text,
    leased_at        timestamptz,
    lease_expires_at timestamptz,
    leases           integer NOT NULL DEFAULT 0,
    finished_at      timestamptz,
    PRIMARY KEY (job_id, unit)
);
CREATE INDEX job_units_open ON job_units (status, lease_expires_at);

-- Verified results: the score is the exact tier's, recomputed by the hive (fixed point, 1/1000).
CREATE TABLE results (
    id          bigserial PRIMARY KEY,
    job_id      text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    unit        integer NOT NULL,
    layout      text NOT NULL,
    score       bigint NOT NULL,
    metrics     jsonb NOT NULL,
    node_id     text NOT NULL,
    nonce       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, node_id, nonce)
);
CREATE INDEX results_by_job_score ON results (job_id, score);

CREATE TABLE nodes (
    id             text PRIMARY KEY,
    cpu_signature  text NOT NULL,
    cores          integer NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT now(),
    last_register  timestamptz NOT NULL DEFAULT now()
);

-- Written at most once per CPU signature per 24 h (try_reserve_profile_update guards it).
CREATE TABLE hardware_profiles (
    cpu_signature text PRIMARY KEY,
    cores         integer NOT NULL,
    profile       jsonb NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Old results moved out of `results` by the archive worker (the archive issue).
CREATE TABLE results_archive (
    id           bigint PRIMARY KEY,
    job_id       text NOT NULL,
    unit         integer NOT NULL,
    layout       text NOT NULL,
    score        bigint NOT NULL,
    metrics      jsonb NOT NULL,
    node_id      text NOT NULL,
    nonce        text NOT NULL,
    created_at   timestamptz NOT NULL,
    archived_at  timestamptz NOT NULL DEFAULT now()
);
