package app.clearmargin.billing;

import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Document totals (API.md §1 Money, §7): each line rounded half-up once; the discount split across
 * lines in proportion to their amounts with exact shares; discount and tax totals each rounded once;
 * tax on taxable lines after their discount share; total = subtotal − discountTotal + taxTotal.
 */
public record Totals(List<Money> lineAmounts, Money subtotal, Money discountTotal, Money taxTotal, Money total) {

    /** One line: quantity × rate, taxable or not. */
    public record Line(BigDecimal quantity, BigDecimal rate, boolean taxable) {}

    public enum DiscountType {
        PERCENT,
        AMOUNT
    }

    /** A discount: a percentage of the subtotal or a fixed amount; null type means none. */
    public record Discount(
            @Nullable DiscountType type, @Nullable BigDecimal value) {
        public static final Discount NONE = new Discount(null, BigDecimal.ZERO);
    }

    public static Totals compute(
            List<Line> lines, Discount discount, @Nullable BigDecimal taxRatePercent, String currency) {
        List<Money> amounts = new ArrayList<>(lines.size());
        Money subtotal = Money.zero(currency);
        Money taxable = Money.zero(currency);
        for (Line line : lines) {
            Money amount = Money.of(line.quantity().multiply(line.rate()), currency);
            amounts.add(amount);
            subtotal = subtotal.plus(amount);
            if (line.taxable()) {
                taxable = taxable.plus(amount);
            }
        }
        BigDecimal exactDiscount = exactDiscount(discount, subtotal.amount());
        Money discountTotal = Money.of(exactDiscount, currency);
        BigDecimal rate = taxRatePercent == null ? BigDecimal.ZERO : taxRatePercent;
        Money taxTotal = Money.zero(currency);
        if (subtotal.amount().signum() != 0 && rate.signum() != 0) {
            // taxable lines after their exact discount shares: taxable × (subtotal − discount) / subtotal,
            // times rate / 100, as one fraction rounded half-up once.
            BigDecimal numerator = taxable.amount()
                    .multiply(subtotal.amount().subtract(exactDiscount))
                    .multiply(rate);
            BigDecimal denominator = subtotal.amount().multiply(BigDecimal.valueOf(100));
            taxTotal = new Money(numerator.divide(denominator, Money.digits(currency), RoundingMode.HALF_UP), currency);
        }
        Money total = subtotal.minus(discountTotal).plus(taxTotal);
        return new Totals(amounts, subtotal, discountTotal, taxTotal, total);
    }

    /** The discount before rounding: a percentage of the subtotal, or the amount (never more than the subtotal). */
    static BigDecimal exactDiscount(Discount discount, BigDecimal subtotal) {
        if (discount == null || discount.type() == null || discount.value() == null || subtotal.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        return switch (discount.type()) {
            case PERCENT -> subtotal.multiply(discount.value()).divide(BigDecimal.valueOf(100));
            case AMOUNT -> discount.value().min(subtotal);
        };
    }
}
