-- Events are the outbox: written in the transaction of the change that caused them, dispatched
-- to webhook deliveries afterwards, kept 30 days.
CREATE TABLE events (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    type            text        NOT NULL,
    document_type   text        NOT NULL,
    document_id     text        NOT NULL,
    data            jsonb       NOT NULL,
    dispatched      boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX events_created ON events (organization_id, created_at DESC, id DESC);
CREATE INDEX events_document ON events (organization_id, document_id);
CREATE INDEX events_undispatched ON events (created_at) WHERE NOT dispatched;

-- Time-based events happen once per document, event and occurrence (e.g. the due date): this key
-- survives the 30-day purge of events.
CREATE TABLE event_occurrences (
    organization_id uuid        NOT NULL,
    document_id     text        NOT NULL,
    event           text        NOT NULL,
    occurrence      text        NOT NULL,
    event_id        uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, document_id, event, occurrence)
);

CREATE TABLE webhooks (
    organization_id      uuid        NOT NULL REFERENCES organizations (id),
    id                   uuid        NOT NULL,
    url                  text        NOT NULL,
    events               text[]      NOT NULL,
    secret               text,
    enabled              boolean     NOT NULL DEFAULT true,
    description          text,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    last_success_at      timestamptz,
    last_failure_at      timestamptz,
    disabled_reason      text,
    failing_since        timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX webhooks_created ON webhooks (organization_id, created_at DESC, id DESC);

-- One row per (event, webhook); attempts are retried from here, so nothing is lost on a crash and
-- a lease (locked_until) keeps two nodes from sending the same attempt.
CREATE TABLE webhook_deliveries (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    webhook_id      uuid        NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    attempts        integer     NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    next_attempt_at timestamptz,
    response_status integer,
    response_body   text,
    error           text,
    duration_ms     integer,
    locked_until    timestamptz,
    locked_by       text,
    body            text,
    -- retries go on for three days from here (creation, or the last manual redelivery)
    window_started_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (organization_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (organization_id, webhook_id, created_at DESC);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'retrying');

CREATE TABLE audit_log (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    actor_api_key   text,
    actor_name      text,
    action          text        NOT NULL,
    collection      text        NOT NULL,
    document_id     text        NOT NULL,
    changes         jsonb       NOT NULL,
    request_id      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX audit_log_created ON audit_log (organization_id, created_at DESC, id DESC);
CREATE INDEX audit_log_document ON audit_log (organization_id, document_id);
CREATE INDEX audit_log_request ON audit_log (organization_id, request_id);

-- E-mails to contacts (invoice, proposal, receipt), sent after commit by a worker.
CREATE TABLE mail_outbox (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    document_id     text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    error           text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';

-- db-scheduler's table (cluster-safe recurring sweeps).
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
