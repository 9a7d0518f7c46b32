/**
 * The client pages (API.md §8): {@code /c/<token>}, where the agency's client reads an invoice, proposal
 * or receipt through its private link, downloads its PDF and accepts or rejects a proposal. Served
 * outside the API's key filter, rate-limited per client address; nothing depends on it.
 */
@NullMarked
package app.clearmargin.portal;

import org.jspecify.annotations.NullMarked;
