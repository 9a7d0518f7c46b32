package app.clearmargin.sdk.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A catalog item (collection {@code catalog-items}). Unknown fields are ignored, so a newer server never breaks this client. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogItem(
        @Nullable String id,
        @Nullable String kind,
        @Nullable String name,
        @Nullable String description,
        @Nullable String sku,
        @Nullable BigDecimal defaultRate,
        @Nullable String currency,
        @Nullable String unit,
        @Nullable String taxCategory,
        @Nullable Boolean active,
        @Nullable JsonNode recipe,
        @Nullable BigDecimal recipeCost,
        @Nullable BigDecimal calculatedPrice,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt) {}
