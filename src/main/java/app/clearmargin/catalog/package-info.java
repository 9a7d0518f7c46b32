/**
 * The catalog of services, expenses and materials, with recipes whose cost and calculated price are
 * derived on every write. Nothing else writes it; others only read items by id (line rates, recipe
 * snapshots, expense categories), so it has no door type.
 */
package app.clearmargin.catalog;
