-- KeyForge hive schema, version 3: strikes against nodes that submitted a result that is not their
-- job's start layout rearranged (docs/OPERATIONS.md, "Result integrity"). Keyed by node id alone, so a
-- node that leased work without registering is counted too; the cluster stats join it to `nodes`.
CREATE TABLE node_strikes (
    node_id     text PRIMARY KEY,
    strikes     bigint NOT NULL DEFAULT 0,
    last_reason text NOT NULL,
    last_at     timestamptz NOT NULL DEFAULT now()
);
