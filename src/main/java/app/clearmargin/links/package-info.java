/**
 * Private links to documents (API.md §8): the tokens behind {@code /c/<token>} and their lookup by
 * hash before any organization is known ({@code web.PublicBaseUrl} is the base they are rendered
 * under). A base package like tenancy: the engine renders links, billing and proposals issue them, the client pages
 * resolve them.
 */
@NullMarked
package app.clearmargin.links;

import org.jspecify.annotations.NullMarked;
