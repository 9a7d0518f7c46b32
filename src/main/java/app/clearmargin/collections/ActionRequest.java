package app.clearmargin.collections;

import tools.jackson.databind.node.ObjectNode;

/**
 * An action call: the document acted on (null for a collection action such as {@code /invoices/generate}),
 * its parsed body and the write context.
 */
public record ActionRequest(Doc document, ObjectNode body, WriteContext context) {}
