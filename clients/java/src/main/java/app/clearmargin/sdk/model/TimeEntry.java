package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** Time logged against a project (collection {@code time-entries}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TimeEntry(
        @Nullable String id,
        @Nullable Ref project,
        @Nullable Ref member,
        @Nullable LocalDate date,
        @Nullable BigDecimal hours,
        @Nullable String description,
        @Nullable Boolean billable,
        @Nullable String rateType,
        @Nullable BigDecimal rate,
        @Nullable BigDecimal costRate,
        @Nullable BigDecimal amount,
        @Nullable Ref invoice,
        @Nullable String status,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
