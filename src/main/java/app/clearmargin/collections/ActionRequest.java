package app.clearmargin.collections;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An action call: the document acted on (null for a collection action such as {@code /invoices/generate}),
 * its parsed body and the write context.
 */
public record ActionRequest(@Nullable Doc document, ObjectNode body, WriteContext context) {

    /** The document of a document action ({@code /invoices/:id/send}), which always has one. */
    public Doc requireDocument() {
        return Objects.requireNonNull(document, "a document action without its document");
    }
}
