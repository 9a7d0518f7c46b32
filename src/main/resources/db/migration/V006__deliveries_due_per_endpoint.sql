-- A claim round takes each endpoint's oldest due deliveries, up to its free slots, probing this
-- index once per enabled endpoint: its cost no longer grows with the due backlog of a busy endpoint.
CREATE INDEX webhook_deliveries_due_per_endpoint ON webhook_deliveries (organization_id, webhook_id, next_attempt_at)
    WHERE status IN ('pending', 'retrying');
