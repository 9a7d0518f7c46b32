/**
 * Proposals and their lifecycle: send, accept (a payment schedule through billing), reject, convert
 * into a project (through work), duplicate, expire. Its door, {@link app.clearmargin.proposals.Proposals},
 * serves the time sweeps (expiring, expired).
 */
package app.clearmargin.proposals;
