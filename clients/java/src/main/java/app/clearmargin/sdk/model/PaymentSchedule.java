package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An accepted proposal's payment schedule (collection {@code payment-schedules}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PaymentSchedule(
        @Nullable String id,
        @Nullable Ref proposal,
        @Nullable Ref project,
        @Nullable Ref client,
        @Nullable String status,
        @Nullable BigDecimal total,
        @Nullable String currency,
        @Nullable JsonNode installments,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
