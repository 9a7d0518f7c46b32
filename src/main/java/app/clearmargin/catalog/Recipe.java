package app.clearmargin.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Recipe arithmetic (API.md §3 catalog-items): cost = Σ quantity × unitCost + laborHours × laborRate;
 * calculated price = Σ quantity × unitCost × markup (a component without markup counts 1) +
 * laborHours × laborRate. Exact; the caller rounds once to the currency.
 */
record Recipe(List<Map<String, Object>> components, BigDecimal laborHours, BigDecimal laborRate) {

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
            BigDecimal markup = c.get("markup") instanceof BigDecimal m ? m : BigDecimal.ONE;
            sum = sum.add(quantity(c).multiply(decimal(c.get("unitCost"))).multiply(markup));
        }
        return sum;
    }

    private BigDecimal labor() {
        return decimal(laborHours).multiply(decimal(laborRate));
    }

    private static BigDecimal quantity(Map<String, Object> c) {
        return c.get("quantity") instanceof BigDecimal q ? q : BigDecimal.ONE;
    }

    private static BigDecimal decimal(Object v) {
        return v instanceof BigDecimal d ? d : BigDecimal.ZERO;
    }
}
