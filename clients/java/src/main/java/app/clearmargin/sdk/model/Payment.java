package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A payment of an invoice (collection {@code payments}); immutable. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Payment(
        @Nullable String id,
        @Nullable Ref invoice,
        @Nullable BigDecimal amount,
        @Nullable String currency,
        @Nullable String method,
        @Nullable String status,
        @Nullable Instant paidAt,
        @Nullable String reference,
        @Nullable Card card,
        @Nullable String failureReason,
        @Nullable BigDecimal refundedAmount,
        @Nullable Boolean disputed,
        @Nullable String provider,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
