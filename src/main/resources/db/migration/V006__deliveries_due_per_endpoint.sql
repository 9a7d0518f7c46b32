-- A claim round takes each endpoint's oldest due deliveries, up to its free slots, probing this
-- index once per enabled endpoint: its cost no longer grows with the due backlog of a busy endpoint.
CREATE INDEX webhook_deliveries_due_per_endpoint ON webhook_deliveries (organization_id, webhook_id, next_attempt_at)
    WHERE status IN ('pending', 'retrying');
-- The old index of due deliveries by time alone: nothing else reads it, and with a deep backlog the
-- planner's generic plan walked it for every endpoint (a claim took ~1 s at 10,000 due deliveries).
DROP INDEX webhook_deliveries_due;
