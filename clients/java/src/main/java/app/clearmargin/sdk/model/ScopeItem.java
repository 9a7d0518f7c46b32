package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** A line of a project's scope. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScopeItem(
        @Nullable String description,
        @Nullable BigDecimal quantity,
        @Nullable String unit,
        @Nullable BigDecimal rate,
        @Nullable BigDecimal amount,
        @Nullable Ref catalogItem) {}
