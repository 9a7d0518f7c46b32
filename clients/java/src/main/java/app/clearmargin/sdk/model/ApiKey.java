package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An API key (collection {@code api-keys}); {@code key} only in the create answer. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKey(
        @Nullable String id,
        @Nullable String name,
        @Nullable List<String> scopes,
        @Nullable Instant expiresAt,
        @Nullable Integer rateLimitPerMinute,
        @Nullable String prefix,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt,
        @Nullable String key,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
