package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A client (collection {@code clients}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Client(
        @Nullable String id,
        @Nullable String name,
        @Nullable String email,
        @Nullable String phone,
        @Nullable Address address,
        @Nullable String status,
        @Nullable String currency,
        @Nullable String taxId,
        @Nullable Integer paymentTermsDays,
        @Nullable Rates rates,
        @Nullable String notes,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
