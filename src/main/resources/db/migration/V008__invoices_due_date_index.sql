-- Invoices by due date across statuses ("open invoices, soonest due first": status in (sent, overdue),
-- sort=dueDate): invoices_status_due serves one status at a time only, so at a million invoices that list
-- was a full scan and sort of the tenant's rows (ListIndexUsageTest).
CREATE INDEX invoices_due ON invoices (organization_id, due_date, id);
