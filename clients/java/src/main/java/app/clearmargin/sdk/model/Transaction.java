package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A ledger entry (collection {@code transactions}); refunds are negative. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Transaction(
        @Nullable String id,
        @Nullable String type,
        @Nullable BigDecimal amount,
        @Nullable String currency,
        @Nullable LocalDate date,
        @Nullable String description,
        @Nullable String vendor,
        @Nullable Ref category,
        @Nullable String scope,
        @Nullable Ref project,
        @Nullable List<Allocation> allocations,
        @Nullable Ref client,
        @Nullable Boolean billable,
        @Nullable BigDecimal markupPercent,
        @Nullable Ref invoice,
        @Nullable Ref payment,
        @Nullable String source,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
