package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A receipt of a succeeded payment (collection {@code receipts}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Receipt(
        @Nullable String id,
        @Nullable String number,
        @Nullable Ref invoice,
        @Nullable Ref payment,
        @Nullable BigDecimal amount,
        @Nullable String currency,
        @Nullable Instant issuedAt,
        @Nullable Instant sentAt,
        @Nullable String publicUrl,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
