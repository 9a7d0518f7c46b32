package app.clearmargin.catalog;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Collection;
import java.math.BigDecimal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Catalog items with optional recipes (API.md §3). */
@Configuration(proxyBeanMethods = false)
class CatalogResources {

    @Bean
    Collection catalogItemsCollection() {
        return Collection.define("catalog-items")
                .singular("Catalog Item")
                .idPrefix("cat")
                .description("Service and product catalog")
                .fields(
                        optionalChoice("kind", "charge", "expense", "material").asRequired(),
                        text("name", 1, 200).asRequired(),
                        text("description"),
                        text("sku", 0, 100),
                        money("defaultRate"),
                        currency("currency"),
                        choice("unit", "flat", "hour", "each", "day"),
                        choice("taxCategory", "standard", "reduced", "exempt"),
                        bool("active").withDefault(true),
                        object(
                                "recipe",
                                items(
                                        "components",
                                        ref("catalogItem", "catalog-items"),
                                        text("name", 0, 200),
                                        number("quantity", BigDecimal.ZERO, false, null, 4)
                                                .withDefault(BigDecimal.ONE),
                                        money("unitCost"),
                                        number("markup", BigDecimal.ZERO, false, null, 4)),
                                number("laborHours", BigDecimal.ZERO, false, null, 2),
                                money("laborRate"),
                                optionalChoice("pricingMode", "manual", "calculated")),
                        money("recipeCost").asReadOnly(),
                        money("calculatedPrice").asReadOnly())
                .build();
    }
}
