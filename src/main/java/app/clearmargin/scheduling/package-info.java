/**
 * Scheduled work: the time sweeps (invoices due soon and overdue, proposals expiring and expired,
 * installments due) through billing's and proposals' doors, retention, and row-count folding; plus the
 * testing-mode endpoint that moves the clock. Nobody depends on it but the platform; its door is
 * {@link app.clearmargin.scheduling.TimeSweeps}.
 */
package app.clearmargin.scheduling;
