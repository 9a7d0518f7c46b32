-- The profitability report sums invoices issued in a period.
CREATE INDEX invoices_issue_date ON invoices (organization_id, issue_date);
