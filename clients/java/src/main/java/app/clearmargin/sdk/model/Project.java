package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A project (collection {@code projects}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Project(
        @Nullable String id,
        @Nullable Ref client,
        @Nullable String name,
        @Nullable String status,
        @Nullable String billingType,
        @Nullable BigDecimal budgetAmount,
        @Nullable BigDecimal budgetHours,
        @Nullable LocalDate startDate,
        @Nullable LocalDate endDate,
        @Nullable LocalDate eventDate,
        @Nullable Rates rates,
        @Nullable BigDecimal retainerHoursPerMonth,
        @Nullable List<ScopeItem> scopeItems,
        @Nullable String currency,
        @Nullable Boolean isDefault,
        @Nullable Ref sourceProposal,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
