-- The resources of API.md §3. Each table: (organization_id, id) primary key, every reference a
-- composite foreign key on (organization_id, <ref>_id) so no row can point into another
-- organization, and an index for the default sort (-createdAt, id).
-- Money is numeric(19,4) (exact; rendered at the currency's digits). Arrays of objects are jsonb.

CREATE TABLE members (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    name            text        NOT NULL,
    email           text        NOT NULL,
    role            text        NOT NULL DEFAULT 'member',
    rates_standard  numeric(19, 4),
    rates_overtime  numeric(19, 4),
    rates_rush      numeric(19, 4),
    cost_rate       numeric(19, 4),
    active          boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX members_email ON members (organization_id, lower(email));
CREATE INDEX members_created ON members (organization_id, created_at DESC, id DESC);

CREATE TABLE clients (
    organization_id     uuid        NOT NULL REFERENCES organizations (id),
    id                  uuid        NOT NULL,
    name                text        NOT NULL,
    email               text,
    phone               text,
    address_line1       text,
    address_line2       text,
    address_city        text,
    address_region      text,
    address_postal_code text,
    address_country     text,
    status              text        NOT NULL DEFAULT 'active',
    currency            char(3)     NOT NULL,
    tax_id              text,
    payment_terms_days  integer,
    rates_standard      numeric(19, 4),
    rates_overtime      numeric(19, 4),
    rates_rush          numeric(19, 4),
    notes               text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX clients_created ON clients (organization_id, created_at DESC, id DESC);
CREATE INDEX clients_name ON clients (organization_id, name);

CREATE TABLE contacts (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    client_id       uuid        NOT NULL,
    name            text        NOT NULL,
    email           text,
    phone           text,
    title           text,
    is_primary      boolean     NOT NULL DEFAULT false,
    notes           text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id)
);
CREATE INDEX contacts_client ON contacts (organization_id, client_id);
CREATE INDEX contacts_created ON contacts (organization_id, created_at DESC, id DESC);

CREATE TABLE catalog_items (
    organization_id      uuid        NOT NULL REFERENCES organizations (id),
    id                   uuid        NOT NULL,
    kind                 text        NOT NULL,
    name                 text        NOT NULL,
    description          text,
    sku                  text,
    default_rate         numeric(19, 4),
    currency             char(3),
    unit                 text        NOT NULL DEFAULT 'flat',
    tax_category         text        NOT NULL DEFAULT 'standard',
    active               boolean     NOT NULL DEFAULT true,
    recipe_components    jsonb,
    recipe_labor_hours   numeric(19, 4),
    recipe_labor_rate    numeric(19, 4),
    recipe_pricing_mode  text,
    recipe_cost          numeric(19, 4),
    calculated_price     numeric(19, 4),
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX catalog_items_created ON catalog_items (organization_id, created_at DESC, id DESC);

CREATE TABLE proposals (
    organization_id            uuid        NOT NULL REFERENCES organizations (id),
    id                         uuid        NOT NULL,
    number                     text        NOT NULL,
    client_id                  uuid        NOT NULL,
    contact_id                 uuid,
    title                      text        NOT NULL,
    status                     text        NOT NULL DEFAULT 'draft',
    issue_date                 date        NOT NULL,
    expires_at                 date,
    event_date                 date,
    currency                   char(3)     NOT NULL,
    line_items                 jsonb       NOT NULL DEFAULT '[]',
    tax_rate                   numeric(9, 4),
    discount_type              text,
    discount_value             numeric(19, 4),
    subtotal                   numeric(19, 4) NOT NULL DEFAULT 0,
    discount_total             numeric(19, 4) NOT NULL DEFAULT 0,
    tax_total                  numeric(19, 4) NOT NULL DEFAULT 0,
    total                      numeric(19, 4) NOT NULL DEFAULT 0,
    notes                      text,
    terms                      text,
    payment_terms_installments jsonb,
    sent_at                    timestamptz,
    accepted_at                timestamptz,
    rejected_at                timestamptz,
    expired_at                 timestamptz,
    rejection_reason           text,
    project_id                 uuid,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id)
);
CREATE UNIQUE INDEX proposals_number ON proposals (organization_id, number);
CREATE INDEX proposals_created ON proposals (organization_id, created_at DESC, id DESC);
CREATE INDEX proposals_client ON proposals (organization_id, client_id);
CREATE INDEX proposals_status_expires ON proposals (organization_id, status, expires_at);

CREATE TABLE projects (
    organization_id          uuid        NOT NULL,
    id                       uuid        NOT NULL,
    client_id                uuid        NOT NULL,
    name                     text        NOT NULL,
    status                   text        NOT NULL DEFAULT 'active',
    billing_type             text        NOT NULL DEFAULT 'hourly',
    budget_amount            numeric(19, 4),
    budget_hours             numeric(19, 4),
    start_date               date,
    end_date                 date,
    event_date               date,
    rates_standard           numeric(19, 4),
    rates_overtime           numeric(19, 4),
    rates_rush               numeric(19, 4),
    retainer_hours_per_month numeric(19, 4),
    scope_items              jsonb       NOT NULL DEFAULT '[]',
    currency                 char(3)     NOT NULL,
    is_default               boolean     NOT NULL DEFAULT false,
    source_proposal_id       uuid,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id),
    FOREIGN KEY (organization_id, source_proposal_id) REFERENCES proposals (organization_id, id)
);
CREATE INDEX projects_client ON projects (organization_id, client_id);
CREATE INDEX projects_created ON projects (organization_id, created_at DESC, id DESC);
ALTER TABLE proposals
    ADD FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id);

CREATE TABLE payment_schedules (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    proposal_id     uuid        NOT NULL,
    project_id      uuid,
    client_id       uuid        NOT NULL,
    status          text        NOT NULL DEFAULT 'active',
    total           numeric(19, 4) NOT NULL,
    currency        char(3)     NOT NULL,
    installments    jsonb       NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, proposal_id) REFERENCES proposals (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id)
);
CREATE INDEX payment_schedules_created ON payment_schedules (organization_id, created_at DESC, id DESC);
CREATE INDEX payment_schedules_proposal ON payment_schedules (organization_id, proposal_id);

CREATE TABLE invoices (
    organization_id     uuid        NOT NULL REFERENCES organizations (id),
    id                  uuid        NOT NULL,
    number              text        NOT NULL,
    client_id           uuid        NOT NULL,
    contact_id          uuid,
    projects_ids        uuid[]      NOT NULL DEFAULT '{}',
    status              text        NOT NULL DEFAULT 'draft',
    issue_date          date        NOT NULL,
    due_date            date        NOT NULL,
    currency            char(3)     NOT NULL,
    line_items          jsonb       NOT NULL DEFAULT '[]',
    tax_rate            numeric(9, 4),
    discount_type       text,
    discount_value      numeric(19, 4),
    notes               text,
    terms               text,
    subtotal            numeric(19, 4) NOT NULL DEFAULT 0,
    discount_total      numeric(19, 4) NOT NULL DEFAULT 0,
    tax_total           numeric(19, 4) NOT NULL DEFAULT 0,
    total               numeric(19, 4) NOT NULL DEFAULT 0,
    amount_paid         numeric(19, 4) NOT NULL DEFAULT 0,
    amount_due          numeric(19, 4) NOT NULL DEFAULT 0,
    sent_at             timestamptz,
    paid_at             timestamptz,
    voided_at           timestamptz,
    proposal_id         uuid,
    payment_schedule_id uuid,
    installment         integer,
    labor_display       text        NOT NULL DEFAULT 'itemized',
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id),
    FOREIGN KEY (organization_id, proposal_id) REFERENCES proposals (organization_id, id),
    FOREIGN KEY (organization_id, payment_schedule_id) REFERENCES payment_schedules (organization_id, id)
);
CREATE UNIQUE INDEX invoices_number ON invoices (organization_id, number);
CREATE INDEX invoices_created ON invoices (organization_id, created_at DESC, id DESC);
CREATE INDEX invoices_client ON invoices (organization_id, client_id);
CREATE INDEX invoices_status_due ON invoices (organization_id, status, due_date DESC, id DESC);
CREATE INDEX invoices_projects ON invoices USING gin (projects_ids);

CREATE TABLE payments (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    invoice_id      uuid        NOT NULL,
    amount          numeric(19, 4) NOT NULL,
    currency        char(3)     NOT NULL,
    method          text        NOT NULL,
    status          text        NOT NULL DEFAULT 'succeeded',
    paid_at         timestamptz NOT NULL,
    reference       text,
    card_brand      text,
    card_last4      text,
    failure_reason  text,
    refunded_amount numeric(19, 4) NOT NULL DEFAULT 0,
    disputed        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, invoice_id) REFERENCES invoices (organization_id, id)
);
CREATE INDEX payments_invoice ON payments (organization_id, invoice_id);
CREATE INDEX payments_created ON payments (organization_id, created_at DESC, id DESC);

CREATE TABLE receipts (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    number          text        NOT NULL,
    invoice_id      uuid        NOT NULL,
    payment_id      uuid        NOT NULL,
    amount          numeric(19, 4) NOT NULL,
    currency        char(3)     NOT NULL,
    issued_at       timestamptz NOT NULL,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, invoice_id) REFERENCES invoices (organization_id, id),
    FOREIGN KEY (organization_id, payment_id) REFERENCES payments (organization_id, id)
);
CREATE UNIQUE INDEX receipts_number ON receipts (organization_id, number);
CREATE INDEX receipts_invoice ON receipts (organization_id, invoice_id);
CREATE INDEX receipts_created ON receipts (organization_id, created_at DESC, id DESC);

CREATE TABLE time_entries (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    project_id      uuid        NOT NULL,
    member_id       uuid,
    date            date        NOT NULL,
    hours           numeric(5, 2) NOT NULL,
    description     text,
    billable        boolean     NOT NULL DEFAULT true,
    rate_type       text        NOT NULL DEFAULT 'standard',
    rate            numeric(19, 4),
    cost_rate       numeric(19, 4),
    amount          numeric(19, 4) NOT NULL DEFAULT 0,
    invoice_id      uuid,
    status          text        NOT NULL DEFAULT 'unbilled',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id),
    FOREIGN KEY (organization_id, member_id) REFERENCES members (organization_id, id),
    FOREIGN KEY (organization_id, invoice_id) REFERENCES invoices (organization_id, id)
);
CREATE INDEX time_entries_created ON time_entries (organization_id, created_at DESC, id DESC);
CREATE INDEX time_entries_project_date ON time_entries (organization_id, project_id, date);
CREATE INDEX time_entries_date ON time_entries (organization_id, date);
CREATE INDEX time_entries_member ON time_entries (organization_id, member_id);
CREATE INDEX time_entries_invoice ON time_entries (organization_id, invoice_id) WHERE invoice_id IS NOT NULL;

CREATE TABLE transactions (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    type            text        NOT NULL,
    amount          numeric(19, 4) NOT NULL,
    currency        char(3)     NOT NULL,
    date            date        NOT NULL,
    description     text,
    vendor          text,
    category_id     uuid,
    scope           text        NOT NULL,
    project_id      uuid,
    allocations     jsonb       NOT NULL DEFAULT '[]',
    client_id       uuid,
    billable        boolean     NOT NULL DEFAULT false,
    markup_percent  numeric(9, 4),
    invoice_id      uuid,
    payment_id      uuid,
    source          text        NOT NULL DEFAULT 'manual',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, category_id) REFERENCES catalog_items (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id),
    FOREIGN KEY (organization_id, invoice_id) REFERENCES invoices (organization_id, id),
    FOREIGN KEY (organization_id, payment_id) REFERENCES payments (organization_id, id)
);
CREATE INDEX transactions_created ON transactions (organization_id, created_at DESC, id DESC);
CREATE INDEX transactions_project_date ON transactions (organization_id, project_id, date);
CREATE INDEX transactions_date ON transactions (organization_id, date);
CREATE INDEX transactions_payment ON transactions (organization_id, payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX transactions_invoice ON transactions (organization_id, invoice_id) WHERE invoice_id IS NOT NULL;

CREATE TABLE milestones (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    project_id      uuid,
    proposal_id     uuid,
    name            text        NOT NULL,
    description     text,
    due_date        date,
    status          text        NOT NULL DEFAULT 'pending',
    completed_at    timestamptz,
    sort_order      integer,
    amount          numeric(19, 4),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id),
    FOREIGN KEY (organization_id, proposal_id) REFERENCES proposals (organization_id, id),
    CHECK ((project_id IS NULL) <> (proposal_id IS NULL))
);
CREATE INDEX milestones_project ON milestones (organization_id, project_id);
CREATE INDEX milestones_proposal ON milestones (organization_id, proposal_id);
CREATE INDEX milestones_created ON milestones (organization_id, created_at DESC, id DESC);

CREATE TABLE calendar_events (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    title           text        NOT NULL,
    description     text,
    start_at        timestamptz NOT NULL,
    end_at          timestamptz,
    all_day         boolean     NOT NULL DEFAULT false,
    location        text,
    color           text,
    project_id      uuid,
    client_id       uuid,
    source          text        NOT NULL DEFAULT 'manual',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id)
);
CREATE INDEX calendar_events_start ON calendar_events (organization_id, start_at);
CREATE INDEX calendar_events_created ON calendar_events (organization_id, created_at DESC, id DESC);
