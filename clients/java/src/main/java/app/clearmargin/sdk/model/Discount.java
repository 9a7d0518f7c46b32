package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** An invoice's or proposal's discount: type percent|amount. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Discount(
        @Nullable String type,
        @Nullable BigDecimal value) {}
