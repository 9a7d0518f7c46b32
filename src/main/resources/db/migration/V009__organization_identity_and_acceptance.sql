-- API.md §8: what the agency's client sees. The organization's identity printed on its documents, and
-- the client's acceptance or rejection of a proposal through its private link (written by the pages).

ALTER TABLE organizations
    ADD COLUMN legal_name           text,
    ADD COLUMN address_line1        text,
    ADD COLUMN address_line2        text,
    ADD COLUMN address_city         text,
    ADD COLUMN address_region       text,
    ADD COLUMN address_postal_code  text,
    ADD COLUMN address_country      text,
    ADD COLUMN email                text,
    ADD COLUMN phone                text,
    ADD COLUMN website              text,
    ADD COLUMN tax_id               text,
    ADD COLUMN locale               text NOT NULL DEFAULT 'en-US',
    ADD COLUMN payment_instructions text,
    ADD COLUMN brand_color          text NOT NULL DEFAULT '#1f2937';

-- {name, at, ip, userAgent, documentSha256} and {name|null, reason, at, ip, userAgent}; null until then.
ALTER TABLE proposals
    ADD COLUMN acceptance jsonb,
    ADD COLUMN rejection  jsonb;
