package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A proposal (collection {@code proposals}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Proposal(
        @Nullable String id,
        @Nullable String number,
        @Nullable Ref client,
        @Nullable Ref contact,
        @Nullable String title,
        @Nullable String status,
        @Nullable LocalDate issueDate,
        @Nullable LocalDate expiresAt,
        @Nullable LocalDate eventDate,
        @Nullable String currency,
        @Nullable List<LineItem> lineItems,
        @Nullable BigDecimal taxRate,
        @Nullable Discount discount,
        @Nullable BigDecimal subtotal,
        @Nullable BigDecimal discountTotal,
        @Nullable BigDecimal taxTotal,
        @Nullable BigDecimal total,
        @Nullable String notes,
        @Nullable String terms,
        @Nullable JsonNode paymentTerms,
        @Nullable Instant sentAt,
        @Nullable Instant acceptedAt,
        @Nullable Instant rejectedAt,
        @Nullable Instant expiredAt,
        @Nullable String rejectionReason,
        @Nullable JsonNode acceptance,
        @Nullable JsonNode rejection,
        @Nullable Ref project,
        @Nullable String publicUrl,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
