/**
 * Projects, milestones and time entries: scope amounts, the rate cascade stamped on each entry, billed
 * entries immutable. Its door, {@link app.clearmargin.work.Work}, is how other capabilities write work:
 * a client's default project and currency, a converted proposal's project and milestones, time billed on
 * an invoice and released from it, each through the engine so work's hooks and {@code updatedAt} apply.
 */
package app.clearmargin.work;
