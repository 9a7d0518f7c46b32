-- The throwaway collection of NewResourceTest (only its own database runs this location): the one
-- migration a new resource needs. No row-count triggers and nothing else: the engine adds them.
CREATE TABLE tags (
    organization_id uuid          NOT NULL REFERENCES organizations (id),
    id              uuid          NOT NULL,
    name            text          NOT NULL,
    color           text          NOT NULL DEFAULT 'gray',
    client_id       uuid,
    budget          numeric(19, 4),
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id)
);
CREATE INDEX tags_created ON tags (organization_id, created_at DESC, id DESC);
