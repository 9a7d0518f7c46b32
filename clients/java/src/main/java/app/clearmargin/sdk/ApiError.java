package app.clearmargin.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of an error response's {@code errors[]}: {@code name} (ValidationError, QueryError,
 * StateConflict, Conflict, IdempotencyConflict, … or null), {@code message}, and {@code data}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiError(@Nullable String name, String message, @Nullable JsonNode data) {

    /**
     * The offending paths with their messages: a ValidationError's {@code data.errors[]}
     * ({@code path}, {@code message}), or a QueryError's {@code data[]} ({@code path}, message null).
     */
    public List<FieldError> fieldErrors() {
        List<FieldError> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        JsonNode list = data.isArray() ? data : data.path("errors");
        for (JsonNode e : list) {
            if (e.hasNonNull("path")) {
                JsonNode m = e.get("message");
                out.add(new FieldError(e.get("path").asText(), m == null || m.isNull() ? null : m.asText()));
            }
        }
        return out;
    }

    /** A path the server refused and why (the message is null for query errors). */
    public record FieldError(String path, @Nullable String message) {}
}
