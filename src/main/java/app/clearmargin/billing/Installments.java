package app.clearmargin.billing;

import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payment terms → installment amounts and due dates. Percentages and fixed amounts are rounded once
 * each; the single remainder installment takes what is left, so the amounts always sum exactly to
 * the total.
 */
final class Installments {

    private Installments() {}

    static List<Money> split(Money total, List<Map<String, Object>> terms) {
        List<Money> amounts = new ArrayList<>(terms.size());
        Money allocated = Money.zero(total.currency());
        int remainderIndex = -1;
        for (int i = 0; i < terms.size(); i++) {
            Map<String, Object> t = terms.get(i);
            BigDecimal value = t.get("value") instanceof BigDecimal v ? v : BigDecimal.ZERO;
            Money amount = switch (String.valueOf(t.get("type"))) {
                case "percent" -> total.times(value.divide(BigDecimal.valueOf(100)));
                case "fixed" -> Money.of(value, total.currency());
                default -> {
                    remainderIndex = i;
                    yield Money.zero(total.currency());
                }
            };
            amounts.add(amount);
            allocated = allocated.plus(amount);
        }
        if (remainderIndex >= 0) {
            amounts.set(remainderIndex, total.minus(allocated));
        }
        return amounts;
    }

    /** Due on acceptance (plus offsetDays), or on the installment's date. */
    static LocalDate dueDate(Map<String, Object> term, LocalDate acceptedOn) {
        long offset = term.get("offsetDays") instanceof Number n ? n.longValue() : 0;
        if ("date".equals(term.get("dueOn")) && term.get("date") != null) {
            return LocalDate.parse(term.get("date").toString()).plusDays(offset);
        }
        return acceptedOn.plusDays(offset);
    }

    /**
     * Problems with payment terms, as (path, message) pairs: exactly one remainder, percentages at
     * most 100 in sum, fixed and percentage amounts not above the total, a date when due on a date.
     */
    static List<String[]> problems(List<Map<String, Object>> terms, Money total) {
        List<String[]> out = new ArrayList<>();
        String base = "paymentTerms.installments";
        if (terms.isEmpty()) {
            out.add(new String[] {base, "Payment terms need at least one installment."});
            return out;
        }
        long remainders =
                terms.stream().filter(t -> "remainder".equals(t.get("type"))).count();
        if (remainders != 1) {
            out.add(new String[] {
                base, "Payment terms need exactly one installment of type remainder (found " + remainders + ")."
            });
        }
        BigDecimal percents = BigDecimal.ZERO;
        for (int i = 0; i < terms.size(); i++) {
            Map<String, Object> t = terms.get(i);
            String type = String.valueOf(t.get("type"));
            if (!type.equals("remainder") && !(t.get("value") instanceof BigDecimal)) {
                out.add(new String[] {base + "." + i + ".value", "A " + type + " installment needs a value."});
            }
            if (type.equals("percent") && t.get("value") instanceof BigDecimal v) {
                percents = percents.add(v);
            }
            if (type.equals("fixed")
                    && t.get("value") instanceof BigDecimal v
                    && !Money.fitsCurrency(v, total.currency())) {
                out.add(new String[] {
                    base + "." + i + ".value",
                    total.currency() + " amounts have at most " + Money.digits(total.currency()) + " decimal places."
                });
            }
            if ("date".equals(t.get("dueOn")) && t.get("date") == null) {
                out.add(new String[] {base + "." + i + ".date", "An installment due on a date needs its date."});
            }
        }
        if (percents.compareTo(BigDecimal.valueOf(100)) > 0) {
            out.add(new String[] {base, "Installment percentages add up to more than 100."});
        }
        if (out.isEmpty() && split(total, terms).stream().anyMatch(Money::isNegative)) {
            out.add(new String[] {base, "The installments add up to more than the proposal total."});
        }
        return out;
    }
}
