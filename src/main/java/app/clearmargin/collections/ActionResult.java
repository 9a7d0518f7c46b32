package app.clearmargin.collections;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What an action answers: the document rendered as {@code doc} (of {@code docCollection}), whether it
 * was created (201) or acted on (200), the message, and extra top-level documents rendered at the
 * same depth (the payments action adds the updated {@code invoice}). An action that must call out
 * (the webhook test ping) answers {@link #afterCommit}: its transaction commits first, so no lock or
 * connection is held while the call waits, and the answer is what the continuation returns.
 */
public record ActionResult(
        @Nullable String docCollection,
        @Nullable Doc doc,
        boolean created,
        @Nullable String message,
        Map<String, Related> extras,
        Map<String, Object> values,
        Map<String, Object> docValues,
        @Nullable Supplier<ActionResult> continuation) {

    public record Related(String collection, Doc doc) {}

    /** The document answered, which every answer but an {@link #afterCommit} one has. */
    public Doc requireDoc() {
        return Objects.requireNonNull(doc, "an action answer without its document");
    }

    public static ActionResult acted(String collection, Doc doc, String message) {
        return new ActionResult(collection, doc, false, message, Map.of(), Map.of(), Map.of(), null);
    }

    public static ActionResult created(String collection, Doc doc, String message) {
        return new ActionResult(collection, doc, true, message, Map.of(), Map.of(), Map.of(), null);
    }

    /** The rest of the action, run once its transaction has committed; what it returns is the answer. */
    public static ActionResult afterCommit(Supplier<ActionResult> continuation) {
        return new ActionResult(null, null, false, null, Map.of(), Map.of(), Map.of(), continuation);
    }

    /** Adds a related document, rendered at the request's depth beside {@code doc}. */
    public ActionResult with(String key, String collection, Doc related) {
        Map<String, Related> m = new LinkedHashMap<>(extras);
        m.put(key, new Related(collection, related));
        return new ActionResult(docCollection, doc, created, message, m, values, docValues, continuation);
    }

    /** Adds a plain top-level value beside {@code doc} ({@code "queued": 3}). */
    public ActionResult withValue(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new ActionResult(docCollection, doc, created, message, extras, m, docValues, continuation);
    }

    /** Adds a key inside the rendered {@code doc} for this response only (a secret shown once). */
    public ActionResult withDocValue(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(docValues);
        m.put(key, value);
        return new ActionResult(docCollection, doc, created, message, extras, values, m, continuation);
    }
}
