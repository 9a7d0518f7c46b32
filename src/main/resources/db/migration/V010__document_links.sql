-- API.md §8: private links to invoices, proposals and receipts, and what the client pages need.

-- One row per live link. The lookup runs before any organization is known (the link names it), by the
-- SHA-256 of the presented token; a rotated link's row is deleted in the rotating transaction, so the
-- old token finds nothing on any node at once. At most one live link per document.
CREATE TABLE document_links (
    token_sha256    bytea       NOT NULL PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    kind            text        NOT NULL CHECK (kind IN ('invoice', 'proposal', 'receipt')),
    document_id     uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    UNIQUE (organization_id, kind, document_id)
);

-- The token itself, rendered as publicUrl = <public base URL>/c/<token> (the base is configuration,
-- never stored, so the URL follows it).
ALTER TABLE invoices  ADD COLUMN public_token text;
ALTER TABLE proposals ADD COLUMN public_token text;
ALTER TABLE receipts  ADD COLUMN public_token text;

-- Who wrote an audit entry: api_key, system or client (a client through a document's link).
ALTER TABLE audit_log ADD COLUMN actor_type text;

-- The server secret of the client pages' CSRF tokens: one row, shared by every node.
CREATE TABLE client_page_secret (
    id         smallint    NOT NULL PRIMARY KEY CHECK (id = 1),
    secret     bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
