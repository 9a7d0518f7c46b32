package app.clearmargin.catalog;

import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Recipe arithmetic (API.md §3 catalog-items): cost = Σ quantity × unitCost + laborHours × laborRate;
 * calculated price = Σ quantity × unitCost × markup (a component without markup counts 1) +
 * laborHours × laborRate. Exact; the caller rounds once to the currency.
 */
record Recipe(
        List<Map<String, Object>> components,
        @Nullable BigDecimal laborHours,
        @Nullable BigDecimal laborRate) {

    BigDecimal cost() {
        BigDecimal sum = labor();
        for (Map<String, Object> c : components) {
            sum = sum.add(quantity(c).multiply(decimal(c.get("unitCost"))));
        }
        return sum;
    }

    BigDecimal calculatedPrice() {
        BigDecimal sum = labor();
        for (Map<String, Object> c : components) {
            sum = sum.add(quantity(c).multiply(decimal(c.get("unitCost"))).multiply(markup(c)));
        }
        return sum;
    }

    /** Throws {@link Money.NotStorable} at the part of the recipe whose amount would not fit the money columns. */
    void requireStorable(String currency) {
        Money.of(labor(), currency).storableAt("recipe.laborHours");
        for (int i = 0; i < components.size(); i++) {
            Map<String, Object> c = components.get(i);
            BigDecimal cost = quantity(c).multiply(decimal(c.get("unitCost")));
            Money.of(cost, currency).storableAt("recipe.components." + i + ".quantity");
            Money.of(cost.multiply(markup(c)), currency).storableAt("recipe.components." + i + ".markup");
        }
        Money.of(cost(), currency).storableAt("recipe.components");
        Money.of(calculatedPrice(), currency).storableAt("recipe.components");
    }

    private BigDecimal labor() {
        return decimal(laborHours).multiply(decimal(laborRate));
    }

    private static BigDecimal markup(Map<String, Object> c) {
        return c.get("markup") instanceof BigDecimal m ? m : BigDecimal.ONE;
    }

    private static BigDecimal quantity(Map<String, Object> c) {
        return c.get("quantity") instanceof BigDecimal q ? q : BigDecimal.ONE;
    }

    private static BigDecimal decimal(@Nullable Object v) {
        return v instanceof BigDecimal d ? d : BigDecimal.ZERO;
    }
}
