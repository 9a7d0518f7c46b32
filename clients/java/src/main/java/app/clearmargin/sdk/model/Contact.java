package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A contact person of a client (collection {@code contacts}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Contact(
        @Nullable String id,
        @Nullable Ref client,
        @Nullable String name,
        @Nullable String email,
        @Nullable String phone,
        @Nullable String title,
        @Nullable Boolean isPrimary,
        @Nullable String notes,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
