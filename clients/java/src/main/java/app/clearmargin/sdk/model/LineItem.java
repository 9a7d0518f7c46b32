package app.clearmargin.sdk.model;

import app.clearmargin.sdk.Ref;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A line of an invoice or proposal. Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LineItem(
        @Nullable String id,
        @Nullable String description,
        @Nullable BigDecimal quantity,
        @Nullable String unit,
        @Nullable BigDecimal rate,
        @Nullable BigDecimal amount,
        @Nullable Boolean taxable,
        @Nullable String kind,
        @Nullable Ref catalogItem,
        @Nullable List<Ref> timeEntries,
        @Nullable List<Ref> transactions,
        @Nullable JsonNode recipe) {}
