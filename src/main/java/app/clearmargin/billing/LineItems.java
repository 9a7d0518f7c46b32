package app.clearmargin.billing;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Field;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The line items and money fields invoices and proposals share, and their totals. */
final class LineItems {

    private LineItems() {}

    /** {@code lineItems} of an invoice, or of a proposal (which adds the recipe snapshot). */
    static Field field(boolean withRecipe) {
        List<Field> fields = new ArrayList<>(List.of(
                text("id").asReadOnly(),
                text("description", 1, 1000).asRequired(),
                number("quantity", BigDecimal.ZERO, false, null, 4).withDefault(BigDecimal.ONE),
                text("unit", 0, 50),
                money("rate"),
                money("amount").asReadOnly(),
                bool("taxable").withDefault(true),
                choice("kind", LineKind.wires()),
                ref("catalogItem", "catalog-items"),
                refMany("timeEntries", "time-entries").asReadOnly(),
                refMany("transactions", "transactions").asReadOnly()));
        if (withRecipe) {
            fields.add(json("recipe"));
        }
        return items("lineItems", fields.toArray(Field[]::new));
    }

    static List<Field> moneyFields() {
        return List.of(
                number("taxRate", BigDecimal.ZERO, false, BigDecimal.valueOf(100), 4),
                object(
                        "discount",
                        optionalChoice("type", "percent", "amount"),
                        number("value", BigDecimal.ZERO, false, null, 4)),
                money("subtotal").asReadOnly(),
                money("discountTotal").asReadOnly(),
                money("taxTotal").asReadOnly(),
                money("total").asReadOnly());
    }

    /** The totals of a draft invoice or proposal from its current lines, discount and tax rate. */
    static Totals totals(Doc doc, String currency) {
        List<Totals.Line> lines = new ArrayList<>();
        for (Map<String, Object> item : doc.items("lineItems")) {
            lines.add(new Totals.Line(
                    decimal(item.get("quantity"), BigDecimal.ONE),
                    decimal(item.get("rate"), BigDecimal.ZERO),
                    !Boolean.FALSE.equals(item.get("taxable"))));
        }
        return Totals.compute(lines, discount(doc), doc.decimal("taxRate"), currency);
    }

    static Totals.Discount discount(Doc doc) {
        Object type = doc.nested("discount", "type");
        Object value = doc.nested("discount", "value");
        if (type == null || value == null) {
            return Totals.Discount.NONE;
        }
        return new Totals.Discount(
                "percent".equals(type) ? Totals.DiscountType.PERCENT : Totals.DiscountType.AMOUNT, (BigDecimal) value);
    }

    /**
     * Gives new lines an id, fills their rate from the catalog item when missing, and stores each
     * line's amount and the document totals in the draft.
     */
    static void apply(Doc draft, String currency, Ids ids, java.util.function.Function<String, Doc> catalogItem) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> item : draft.items("lineItems")) {
            Map<String, Object> line = new LinkedHashMap<>(item);
            if (line.get("id") == null) {
                line.put("id", ids.newId("li"));
            }
            if (line.get("rate") == null && line.get("catalogItem") != null) {
                Doc cat = catalogItem.apply(line.get("catalogItem").toString());
                line.put("rate", cat == null ? null : cat.decimal("defaultRate"));
            }
            if (line.get("rate") == null) {
                line.put("rate", BigDecimal.ZERO);
            }
            lines.add(line);
        }
        draft.put("lineItems", lines);
        Totals t = totals(draft, currency);
        for (int i = 0; i < lines.size(); i++) {
            // a rate from a catalog item or generated from time was never checked as a given amount
            Money.of((BigDecimal) Objects.requireNonNull(lines.get(i).get("rate"), "rate"), currency)
                    .storableAt("lineItems." + i + ".rate");
            lines.get(i)
                    .put(
                            "amount",
                            t.lineAmounts()
                                    .get(i)
                                    .storableAt("lineItems." + i + ".quantity")
                                    .plain());
        }
        draft.put("subtotal", t.subtotal().storableAt("lineItems").plain());
        draft.put(
                "discountTotal", t.discountTotal().storableAt("discount.value").plain());
        draft.put("taxTotal", t.taxTotal().storableAt("taxRate").plain());
        draft.put("total", t.total().storableAt("taxRate").plain());
    }

    private static BigDecimal decimal(@Nullable Object v, BigDecimal fallback) {
        return v instanceof BigDecimal d ? d : fallback;
    }
}
