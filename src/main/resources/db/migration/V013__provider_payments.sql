-- Online payments (API.md §9): a payment a provider took names it (null for one recorded by hand), and an
-- invoice shows what it was paid beyond its total (a provider payment raced a manual one, or arrived after
-- the invoice was voided): such a payment is recorded, never refused.
ALTER TABLE payments ADD COLUMN provider text;
ALTER TABLE invoices ADD COLUMN amount_overpaid numeric(19, 4) NOT NULL DEFAULT 0;

-- One succeeded payment per provider reference (a Stripe PaymentIntent), however often the provider reports
-- it; billing checks under the invoice's row lock first, this is the belt to that.
CREATE UNIQUE INDEX payments_provider_reference ON payments (organization_id, provider, reference)
    WHERE provider IS NOT NULL AND status = 'succeeded';
