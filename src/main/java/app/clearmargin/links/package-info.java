/**
 * Private links to documents (API.md §8): the tokens behind {@code /c/<token>}, their lookup by hash
 * before any organization is known, and the public base URL the API renders them under. A base
 * package like tenancy: the engine renders links, billing and proposals issue them, the client pages
 * resolve them.
 */
@NullMarked
package app.clearmargin.links;

import org.jspecify.annotations.NullMarked;
