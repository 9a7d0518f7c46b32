package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The key's organization ({@code GET/PATCH /api/organization}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Organization(
        @Nullable String id,
        @Nullable String name,
        @Nullable String currency,
        @Nullable String timezone,
        @Nullable String invoicePrefix,
        @Nullable String proposalPrefix,
        @Nullable String receiptPrefix,
        @Nullable Integer numberWidth,
        @Nullable Integer paymentTermsDays,
        @Nullable Integer dueSoonDays,
        @Nullable Integer expiringSoonDays,
        @Nullable Integer proposalValidityDays,
        @Nullable Boolean autoSendReceipts,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
