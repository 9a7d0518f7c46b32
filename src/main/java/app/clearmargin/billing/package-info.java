/**
 * Invoices, payments, receipts and payment schedules: lines and totals, numbering, sending, payments and
 * refunds, receipts, schedules of accepted proposals, invoices generated from time. Its door,
 * {@link app.clearmargin.billing.Billing}, serves proposals (shared lines, totals, numbering,
 * recipients, schedules), the time sweeps (due soon, overdue, installments) and the demo; it exports
 * {@link app.clearmargin.billing.Totals} and {@link app.clearmargin.billing.Parties}. Everything else is
 * package-private.
 */
package app.clearmargin.billing;
