package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An audit-log entry: which key changed what. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEntry(
        @Nullable String id,
        @Nullable JsonNode actor,
        @Nullable String action,
        @Nullable String collection,
        @Nullable String documentId,
        @Nullable JsonNode changes,
        @Nullable String requestId,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
