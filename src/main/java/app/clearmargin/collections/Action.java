package app.clearmargin.collections;

import java.util.function.Function;

/**
 * A named POST on a document ({@code /invoices/:id/send}) or on the collection ({@code /invoices/generate}).
 * The handler runs inside one transaction with the document locked.
 *
 * @param scopeResource the resource whose {@code :write} scope the action needs
 */
public record Action(String name, String scopeResource, Function<ActionRequest, ActionResult> handler) {}
