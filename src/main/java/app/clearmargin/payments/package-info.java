/**
 * Online payments (API.md §9): the organization's Stripe account (its secrets encrypted at rest),
 * Checkout Sessions for the invoice page's "Pay online", Stripe's events applied exactly once, and
 * refunds of Stripe payments through Stripe. Acts on invoices and payments only through billing's door.
 */
@NullMarked
package app.clearmargin.payments;

import org.jspecify.annotations.NullMarked;
