/**
 * The audit log: one entry per successful write, in the write's transaction, as the engine's write
 * listener; read at {@code /api/audit-log}. Nothing depends on it, so it has no door type.
 */
package app.clearmargin.audit;
