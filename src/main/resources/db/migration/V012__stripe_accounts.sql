-- API.md §9: an organization's Stripe account, owned by payments.

-- At most one per organization. The secret key and the webhook secret are stored only encrypted
-- (AES-256-GCM, see payments/SecretBox: version, key id, nonce, ciphertext and tag); the mode and the
-- key's last four characters are what responses show, kept in the clear so showing them needs no key.
CREATE TABLE stripe_accounts (
    organization_id uuid        NOT NULL PRIMARY KEY REFERENCES organizations (id),
    secret_key      bytea       NOT NULL,
    webhook_secret  bytea       NOT NULL,
    mode            text        NOT NULL CHECK (mode IN ('test', 'live')),
    key_last4       text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
