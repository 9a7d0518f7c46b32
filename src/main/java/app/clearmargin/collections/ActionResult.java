package app.clearmargin.collections;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an action answers: the document rendered as {@code doc} (of {@code docCollection}), whether it
 * was created (201) or acted on (200), the message, and extra top-level documents rendered at the
 * same depth (the payments action adds the updated {@code invoice}).
 */
public record ActionResult(String docCollection, Doc doc, boolean created, String message, Map<String, Related> extras,
        Map<String, Object> values, Map<String, Object> docValues) {

    public record Related(String collection, Doc doc) {}

    public static ActionResult acted(String collection, Doc doc, String message) {
        return new ActionResult(collection, doc, false, message, Map.of(), Map.of(), Map.of());
    }

    public static ActionResult created(String collection, Doc doc, String message) {
        return new ActionResult(collection, doc, true, message, Map.of(), Map.of(), Map.of());
    }

    /** Adds a related document, rendered at the request's depth beside {@code doc}. */
    public ActionResult with(String key, String collection, Doc related) {
        Map<String, Related> m = new LinkedHashMap<>(extras);
        m.put(key, new Related(collection, related));
        return new ActionResult(docCollection, doc, created, message, m, values, docValues);
    }

    /** Adds a plain top-level value beside {@code doc} ({@code "queued": 3}). */
    public ActionResult withValue(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new ActionResult(docCollection, doc, created, message, extras, m, docValues);
    }

    /** Adds a key inside the rendered {@code doc} for this response only (a secret shown once). */
    public ActionResult withDocValue(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(docValues);
        m.put(key, value);
        return new ActionResult(docCollection, doc, created, message, extras, values, m);
    }
}
