package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One delivery of an event to an endpoint (collection {@code webhook-deliveries}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookDelivery(
        @Nullable String id,
        @Nullable Ref webhook,
        @Nullable Ref event,
        @Nullable String eventType,
        @Nullable String status,
        @Nullable Integer attempts,
        @Nullable Instant lastAttemptAt,
        @Nullable Instant nextAttemptAt,
        @Nullable Integer responseStatus,
        @Nullable String responseBody,
        @Nullable String error,
        @Nullable Long durationMs,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
