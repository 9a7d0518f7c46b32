/**
 * Transactions (costs and revenue) and the profitability reports over them. Its door,
 * {@link app.clearmargin.ledger.Ledger}, is how billing writes the ledger: revenue posted for payments
 * and refunds, expenses re-billed on an invoice and released from it, through the engine so the
 * ledger's hooks and {@code updatedAt} apply.
 */
package app.clearmargin.ledger;
