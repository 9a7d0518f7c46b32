package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A calendar event (collection {@code calendar-events}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CalendarEvent(
        @Nullable String id,
        @Nullable String title,
        @Nullable String description,
        @Nullable Instant startAt,
        @Nullable Instant endAt,
        @Nullable Boolean allDay,
        @Nullable String location,
        @Nullable String color,
        @Nullable Ref project,
        @Nullable Ref client,
        @Nullable String source,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
