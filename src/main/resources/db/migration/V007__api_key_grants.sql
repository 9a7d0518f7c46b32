-- API keys keep the scopes they were given, presets included, in grants, and requests are checked
-- against those: a preset means every scope of its kind that exists when the key is used, so a
-- full_access key issued before a resource existed may use it. scopes stays the expanded list that
-- responses show and filters match (the server refreshes it at start-up). Until now keys stored only
-- that expansion: a list equal to the full_access or read_only expansion of this version's resources
-- becomes that preset, any other list is kept as it is. grants stays nullable: a node of the previous
-- version still writes keys without it during a rolling deploy, and such a key is checked against
-- its scopes, as before.
ALTER TABLE api_keys ADD COLUMN grants text[];

UPDATE api_keys SET grants = CASE
    WHEN scopes @> full_access AND scopes <@ full_access THEN ARRAY['full_access']
    WHEN scopes @> read_only AND scopes <@ read_only THEN ARRAY['read_only']
    ELSE scopes END
FROM (SELECT ARRAY[
    'clients:read', 'clients:write', 'contacts:read', 'contacts:write', 'projects:read',
    'projects:write', 'members:read', 'members:write', 'time-entries:read', 'time-entries:write',
    'transactions:read', 'transactions:write', 'catalog-items:read', 'catalog-items:write',
    'milestones:read', 'milestones:write', 'calendar-events:read', 'calendar-events:write',
    'invoices:read', 'invoices:write', 'proposals:read', 'proposals:write', 'payments:read',
    'payments:write', 'receipts:read', 'receipts:write', 'payment-schedules:read',
    'payment-schedules:write', 'webhooks:read', 'webhooks:write', 'api-keys:read',
    'api-keys:write', 'organization:read', 'organization:write']::text[] AS full_access,
             ARRAY[
    'clients:read', 'contacts:read', 'projects:read', 'members:read', 'time-entries:read',
    'transactions:read', 'catalog-items:read', 'milestones:read', 'calendar-events:read',
    'invoices:read', 'proposals:read', 'payments:read', 'receipts:read', 'payment-schedules:read',
    'webhooks:read', 'api-keys:read', 'organization:read']::text[] AS read_only) AS expansions;
