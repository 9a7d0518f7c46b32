-- API.md §9: each Stripe event takes effect once per organization. Its row is inserted in the same
-- transaction as its effects, so a resend, or the same event delivered twice at once (the second insert
-- waits for the first transaction, then finds the row), changes nothing; an event rolled back because
-- its payment is not recorded yet leaves no row, and Stripe's resend applies it later.
CREATE TABLE stripe_events (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    event_id        text        NOT NULL,
    type            text        NOT NULL,
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (organization_id, event_id)
);
