package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An event (collection {@code events}); {@code data} is a webhook payload's {@code data}. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Event(
        @Nullable String id,
        @Nullable String type,
        @Nullable String documentType,
        @Nullable String documentId,
        @Nullable JsonNode data,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
