package app.clearmargin.collections;

/**
 * A named POST on a document ({@code /invoices/:id/send}) or on the collection ({@code /invoices/generate}),
 * as its definition declares it: what the controller routes and OpenAPI documents. Its handler is
 * bound by slug and name ({@link ActionHandlers}).
 *
 * @param scopeResource the resource whose {@code :write} scope the action needs
 */
public record Action(String name, String scopeResource) {}
