package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** A milestone of a project or proposal (collection {@code milestones}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Milestone(
        @Nullable String id,
        @Nullable Ref project,
        @Nullable Ref proposal,
        @Nullable String name,
        @Nullable String description,
        @Nullable LocalDate dueDate,
        @Nullable String status,
        @Nullable Instant completedAt,
        @Nullable Integer sortOrder,
        @Nullable BigDecimal amount,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
