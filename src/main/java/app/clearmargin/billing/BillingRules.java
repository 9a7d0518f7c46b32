package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Errors;
import java.math.BigDecimal;

/** Discount validation shared by invoices and proposals. */
final class BillingRules {

    private BillingRules() {}

    /** A discount has a type and a value; a percentage is at most 100, an amount at most the subtotal. */
    static void checkDiscount(Doc draft, String currency, Errors errors) {
        if (errors.has("discount")
                || errors.has("lineItems")
                || draft.object("discount").isEmpty()) {
            return;
        }
        Object type = draft.nested("discount", "type");
        Object value = draft.nested("discount", "value");
        if (type == null && value == null) {
            return;
        }
        if (type == null) {
            errors.add("discount.type", "A discount needs a type: percent or amount.");
            return;
        }
        if (value == null) {
            errors.add("discount.value", "A discount needs a value.");
            return;
        }
        BigDecimal v = (BigDecimal) value;
        if ("percent".equals(type) && v.compareTo(BigDecimal.valueOf(100)) > 0) {
            errors.add("discount.value", "A percentage discount is at most 100.");
        }
        if ("amount".equals(type)
                && currency != null
                && app.clearmargin.shared.Money.currencyCode(currency).isPresent()) {
            if (!app.clearmargin.shared.Money.fitsCurrency(v, currency)) {
                errors.add(
                        "discount.value",
                        currency + " amounts have at most " + app.clearmargin.shared.Money.digits(currency)
                                + " decimal places.");
            } else if (v.compareTo(LineItems.totals(draft, currency).subtotal().amount()) > 0) {
                errors.add("discount.value", "The discount is larger than the subtotal.");
            }
        }
    }
}
