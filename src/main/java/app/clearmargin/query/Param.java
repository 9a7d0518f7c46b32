package app.clearmargin.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A query-string parameter after bracket expansion: a single value or a group of named children. */
public sealed interface Param {

    record Value(String value) implements Param {}

    /** Children by key; array elements are keyed "0", "1", … in the order they appeared. */
    record Group(Map<String, Param> children) implements Param {
        public Group {
            children = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(children));
        }

        public Optional<Param> get(String key) {
            return Optional.ofNullable(children.get(key));
        }

        /** The plain value of a top-level parameter; an empty value counts as absent. */
        public Optional<String> value(String key) {
            return get(key).filter(Value.class::isInstance)
                    .map(p -> ((Value) p).value())
                    .filter(v -> !v.isEmpty());
        }
    }
}
