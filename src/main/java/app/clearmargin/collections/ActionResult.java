package app.clearmargin.collections;

import java.util.Map;

/**
 * What an action answers: the document rendered as {@code doc} (of {@code docCollection}), whether it
 * was created (201) or acted on (200), the message, and extra top-level documents rendered at the
 * same depth (the payments action adds the updated {@code invoice}).
 */
public record ActionResult(String docCollection, Doc doc, boolean created, String message, Map<String, Related> extras) {

    public record Related(String collection, Doc doc) {}

    public static ActionResult acted(String collection, Doc doc, String message) {
        return new ActionResult(collection, doc, false, message, Map.of());
    }

    public static ActionResult created(String collection, Doc doc, String message) {
        return new ActionResult(collection, doc, true, message, Map.of());
    }

    public ActionResult with(String key, String collection, Doc related) {
        java.util.Map<String, Related> m = new java.util.LinkedHashMap<>(extras);
        m.put(key, new Related(collection, related));
        return new ActionResult(docCollection, doc, created, message, m);
    }
}
