package app.clearmargin.collections;

import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A document in its wire form (depth 0): ids as prefixed strings, dates and instants as their
 * strings, money and numbers as {@link BigDecimal}, nested objects as maps, arrays as lists.
 * Typed accessors parse on read, so hooks never juggle representations.
 */
public final class Doc {

    private final Map<String, Object> values;
    /** Columns written with the document that are not fields of it (a key's hash); never rendered. */
    private final Map<String, Object> internal = new LinkedHashMap<>();

    public Doc() {
        this(new LinkedHashMap<>());
    }

    /** Values carried through one write that are neither stored nor rendered (a secret shown once). */
    private final Map<String, Object> transients = new LinkedHashMap<>();

    public Map<String, Object> internal() {
        return internal;
    }

    public Map<String, Object> transients() {
        return transients;
    }

    public Doc(Map<String, Object> values) {
        this.values = values;
    }

    public static Doc copyOf(Map<String, Object> values) {
        return new Doc(deepCopy(values));
    }

    public Doc copy() {
        return new Doc(deepCopy(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public @Nullable Object get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public Doc put(String name, @Nullable Object value) {
        values.put(name, value);
        return this;
    }

    /**
     * The document's id: a stored document has one, and a new one gets it before its beforeChange hook
     * (validate and currency run before that: there, read {@code get("id")}).
     */
    public String id() {
        return Objects.requireNonNull((String) values.get("id"), "a document without an id");
    }

    public UUID uuid(String prefix) {
        return Ids.parse(prefix, id()).orElseThrow();
    }

    public @Nullable String string(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    public @Nullable BigDecimal decimal(String name) {
        Object v = values.get(name);
        return switch (v) {
            case null -> null;
            case BigDecimal d -> d;
            case Number n -> new BigDecimal(n.toString());
            default -> new BigDecimal(v.toString());
        };
    }

    public BigDecimal decimalOrZero(String name) {
        BigDecimal d = decimal(name);
        return d == null ? BigDecimal.ZERO : d;
    }

    public @Nullable Integer integer(String name) {
        Object v = values.get(name);
        return v == null ? null : ((Number) v).intValue();
    }

    public boolean bool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    public @Nullable LocalDate date(String name) {
        Object v = values.get(name);
        return v == null ? null : LocalDate.parse(v.toString());
    }

    public @Nullable Instant instant(String name) {
        Object v = values.get(name);
        return v == null ? null : Times.parseInstant(v.toString()).orElseThrow();
    }

    /** A relationship's id (a depth-0 doc holds the id string). */
    public @Nullable String ref(String name) {
        Object v = values.get(name);
        if (v instanceof Map<?, ?> m) {
            return (String) m.get("id");
        }
        return v == null ? null : v.toString();
    }

    /*
     * The same reads for a value the document always has (a required field, or one its hooks or the
     * engine always set): a missing one is a broken invariant, reported by name.
     */

    public String requiredString(String name) {
        return present(name, string(name));
    }

    public BigDecimal requiredDecimal(String name) {
        return present(name, decimal(name));
    }

    public int requiredInteger(String name) {
        return present(name, integer(name));
    }

    public LocalDate requiredDate(String name) {
        return present(name, date(name));
    }

    public Instant requiredInstant(String name) {
        return present(name, instant(name));
    }

    public String requiredRef(String name) {
        return present(name, ref(name));
    }

    private static <T> T present(String name, @Nullable T value) {
        return Objects.requireNonNull(value, () -> "the document has no " + name);
    }

    @SuppressWarnings("unchecked")
    public List<String> refs(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> object(String name) {
        return Optional.ofNullable((Map<String, Object>) values.get(name));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> items(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }

    /** A value inside a nested object: {@code nested("rates", "standard")}. */
    public @Nullable Object nested(String object, String field) {
        return object(object).map(m -> m.get(field)).orElse(null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> out = new LinkedHashMap<>(source.size() * 2);
        source.forEach((k, v) -> out.put(k, copyValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object copyValue(@Nullable Object v) {
        if (v instanceof Map<?, ?> m) {
            return deepCopy((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream()
                    .map(Doc::copyValue)
                    .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
