-- Exact totalDocs without counting millions of rows: every insert or delete statement on a
-- collection table appends one (organization, table, ±n) delta row from a statement-level trigger
-- (so COPY, cascades and raw SQL are counted too). An unfiltered count is the sum of a handful of
-- deltas; a background job folds them together. No row is ever updated, so concurrent writers
-- never wait on each other, and the sum is exact in every transaction's snapshot.
CREATE TABLE row_count_deltas (
    organization_id uuid   NOT NULL,
    table_name      text   NOT NULL,
    delta           bigint NOT NULL
);
CREATE INDEX row_count_deltas_key ON row_count_deltas (organization_id, table_name) INCLUDE (delta);

CREATE FUNCTION count_inserted_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO row_count_deltas (organization_id, table_name, delta)
    SELECT organization_id, TG_TABLE_NAME, count(*) FROM inserted GROUP BY organization_id;
    RETURN NULL;
END $$;

CREATE FUNCTION count_deleted_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO row_count_deltas (organization_id, table_name, delta)
    SELECT organization_id, TG_TABLE_NAME, -count(*) FROM deleted GROUP BY organization_id;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['api_keys', 'members', 'clients', 'contacts', 'catalog_items', 'proposals',
            'projects', 'payment_schedules', 'invoices', 'payments', 'receipts', 'time_entries', 'transactions',
            'milestones', 'calendar_events', 'events', 'webhooks', 'webhook_deliveries', 'audit_log'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS inserted '
                || 'FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_rows()', t || '_count_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS deleted '
                || 'FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_rows()', t || '_count_delete', t);
        -- rows that exist already (none on a fresh install)
        EXECUTE format('INSERT INTO row_count_deltas SELECT organization_id, %L, count(*) FROM %I GROUP BY 1', t, t);
    END LOOP;
END $$;
