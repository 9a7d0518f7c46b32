package app.clearmargin.demo;

import java.util.HashMap;
import java.util.Map;

/**
 * What the demo created, by the key {@link DemoCast} gives it. The keys are the cast's own, so an
 * unknown key is a mistake in the cast: it fails loudly instead of writing a document without it.
 */
final class ByKey<V> {

    private final Map<String, V> values = new HashMap<>();

    void put(String key, V value) {
        values.put(key, value);
    }

    V get(String key) {
        V value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("the demo cast has nothing called " + key);
        }
        return value;
    }
}
