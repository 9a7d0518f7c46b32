package app.clearmargin.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a write or an action: {@code doc}, the server's {@code message}, the HTTP status
 * (201 for actions that create a document), whether it was replayed from an earlier call with the
 * same {@code Idempotency-Key}, and the whole body for what sits beside {@code doc}.
 */
public record Result<T>(T doc, @Nullable String message, int status, boolean replayed, @Nullable String requestId, JsonNode body) {

    /** A top-level document beside {@code doc} (the payments action's updated {@code invoice}). */
    public <U> Optional<U> extra(String key, Class<U> type) {
        JsonNode n = body.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.treeToValue(n, type));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + key + " as " + type.getSimpleName(), e);
        }
    }

    private static final ObjectMapper MAPPER = Json.mapper();
}
