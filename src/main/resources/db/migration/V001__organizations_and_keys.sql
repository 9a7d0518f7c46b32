-- Organizations are the tenants. Every other table starts its primary key with organization_id
-- (the Citus distribution column), so a row can only ever reference rows of its own organization.

CREATE TABLE organizations (
    id                              uuid PRIMARY KEY,
    name                            text        NOT NULL,
    currency                        char(3)     NOT NULL DEFAULT 'USD',
    timezone                        text        NOT NULL DEFAULT 'UTC',
    invoice_prefix                  text        NOT NULL DEFAULT 'INV-',
    proposal_prefix                 text        NOT NULL DEFAULT 'PROP-',
    receipt_prefix                  text        NOT NULL DEFAULT 'RCPT-',
    number_width                    integer     NOT NULL DEFAULT 4,
    payment_terms_days              integer     NOT NULL DEFAULT 30,
    due_soon_days                   integer     NOT NULL DEFAULT 3,
    expiring_soon_days              integer     NOT NULL DEFAULT 3,
    proposal_validity_days          integer     NOT NULL DEFAULT 30,
    minimum_billable_hours_standard numeric(6, 2) NOT NULL DEFAULT 0,
    minimum_billable_hours_overtime numeric(6, 2) NOT NULL DEFAULT 0,
    minimum_billable_hours_rush     numeric(6, 2) NOT NULL DEFAULT 0,
    auto_send_receipts              boolean     NOT NULL DEFAULT true,
    max_rate_limit_per_minute       integer     NOT NULL DEFAULT 10000,
    demo                            boolean     NOT NULL DEFAULT false,
    created_at                      timestamptz NOT NULL,
    updated_at                      timestamptz NOT NULL
);

CREATE TABLE api_keys (
    organization_id       uuid        NOT NULL REFERENCES organizations (id),
    id                    uuid        NOT NULL,
    name                  text        NOT NULL,
    prefix                text        NOT NULL,
    key_hash              bytea       NOT NULL,
    scopes                text[]      NOT NULL,
    expires_at            timestamptz,
    rate_limit_per_minute integer     NOT NULL DEFAULT 100,
    last_used_at          timestamptz,
    revoked_at            timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
-- Authentication looks a key up by its hash alone (the organization is not known yet).
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX api_keys_created ON api_keys (organization_id, created_at DESC, id DESC);

-- Stored responses of POSTs sent with an Idempotency-Key, per API key, kept 24 h.
CREATE TABLE idempotency_keys (
    organization_id uuid        NOT NULL,
    api_key_id      uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    bytea       NOT NULL,
    state           text        NOT NULL CHECK (state IN ('running', 'done')),
    executed        boolean     NOT NULL DEFAULT false,
    response_status integer,
    response_body   bytea,
    locked_until    timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, api_key_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Per-organization document numbers (INV-0001 …): one row per kind, incremented inside the
-- creating transaction, so numbers are gapless and unique under concurrency and roll back with it.
CREATE TABLE number_sequences (
    organization_id uuid   NOT NULL REFERENCES organizations (id),
    kind            text   NOT NULL,
    next_value      bigint NOT NULL,
    PRIMARY KEY (organization_id, kind)
);
