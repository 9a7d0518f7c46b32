package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A webhook endpoint (collection {@code webhooks}); {@code secret} only in the answers of create and rotate-secret. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Webhook(
        @Nullable String id,
        @Nullable String url,
        @Nullable List<String> events,
        @Nullable Boolean enabled,
        @Nullable String description,
        @Nullable Integer consecutiveFailures,
        @Nullable Instant lastSuccessAt,
        @Nullable Instant lastFailureAt,
        @Nullable String disabledReason,
        @Nullable String secret,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
