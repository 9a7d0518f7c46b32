/**
 * The documents an agency's client receives (API.md §8): invoices, proposals and receipts as HTML and
 * as PDF, from jte templates under {@code src/main/jte} compiled into this package at build time. Its
 * door, {@link app.clearmargin.printing.Printing}, serves the client pages and the e-mails; its
 * controller serves {@code GET /api/{invoices|proposals|receipts}/:id/pdf}.
 */
package app.clearmargin.printing;
