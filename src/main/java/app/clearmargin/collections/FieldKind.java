package app.clearmargin.collections;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The type of a field, with its bounds. A closed set: validation, storage, queries and OpenAPI switch over it. */
public sealed interface FieldKind {

    /** Text of {@code minLength..maxLength} characters, optionally matching {@code pattern}. */
    record Text(
            int minLength,
            int maxLength,
            @Nullable Pattern pattern,
            @Nullable String patternMessage) implements FieldKind {}

    record Email() implements FieldKind {}

    /** An ISO 4217 currency code the server can do arithmetic in ({@code USD}, {@code JPY}). */
    record Currency() implements FieldKind {}

    /** A decimal number within bounds (null = unbounded) with at most {@code maxScale} fractional digits (-1: any). */
    record Decimal(
            @Nullable BigDecimal min,
            boolean minExclusive,
            @Nullable BigDecimal max,
            int maxScale) implements FieldKind {}

    record Int(long min, long max) implements FieldKind {}

    /**
     * An amount in the document's currency; {@code positive} requires > 0 in bodies, otherwise ≥ 0.
     * {@code signed}: the server itself also writes negatives (refund transactions), which responses show.
     */
    record Money(boolean positive, boolean signed) implements FieldKind {
        public Money(boolean positive) {
            this(positive, false);
        }
    }

    /** A calendar date {@code YYYY-MM-DD}. */
    record Date() implements FieldKind {}

    /** An instant, rendered {@code 2026-03-14T15:30:00.000Z}. */
    record Instant() implements FieldKind {}

    record Bool() implements FieldKind {}

    /** One of a fixed list of strings; the first is the conventional default. */
    record Choice(List<String> values) implements FieldKind {
        public Choice {
            values = List.copyOf(values);
        }
    }

    /**
     * A relationship to one document of {@code target} (a collection slug). A {@code history} reference
     * (a delivery's webhook) records where something came from and does not block deleting the target.
     */
    record Ref(String target, boolean history) implements FieldKind {
        public Ref(String target) {
            this(target, false);
        }
    }

    /** A relationship to several documents of {@code target}, stored as an id array. */
    record RefMany(String target) implements FieldKind {}

    /** A nested object whose fields are stored as columns of the parent ({@code address.city} → {@code address_city}). */
    record Obj(List<Field> fields) implements FieldKind {
        public Obj {
            fields = List.copyOf(fields);
        }
    }

    /** An array of objects, stored as JSON in the parent row. */
    record Items(List<Field> fields, int maxItems) implements FieldKind {
        public Items {
            fields = List.copyOf(fields);
        }
    }

    /**
     * A list of strings. {@code normalize} turns the JSON value into the stored list or throws
     * {@link IllegalArgumentException} with the message to report (e.g. scope presets, event names).
     */
    record Strings(Function<JsonNode, List<String>> normalize) implements FieldKind {}

    /**
     * A document's private link (API.md §8): the server stores the link's token (text) and renders
     * {@code <public base URL>/c/<token>}, so the URL follows the configured base. Read-only, not queryable.
     */
    record Link() implements FieldKind {}

    /** Opaque JSON the server writes (event data, audit changes); never accepted from a body, not queryable. */
    record Json() implements FieldKind {}
}
