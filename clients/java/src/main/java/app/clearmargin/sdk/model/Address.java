package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/** A postal address (clients). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Address(
        @Nullable String line1,
        @Nullable String line2,
        @Nullable String city,
        @Nullable String region,
        @Nullable String postalCode,
        @Nullable String country) {}
