package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A team member (collection {@code members}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Member(
        @Nullable String id,
        @Nullable String name,
        @Nullable String email,
        @Nullable String role,
        @Nullable Rates rates,
        @Nullable BigDecimal costRate,
        @Nullable Boolean active,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
