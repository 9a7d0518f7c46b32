package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** Hourly rates by rate type (clients, projects, members). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Rates(
        @Nullable BigDecimal standard,
        @Nullable BigDecimal overtime,
        @Nullable BigDecimal rush) {}
