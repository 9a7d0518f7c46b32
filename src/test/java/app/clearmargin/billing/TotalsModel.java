package app.clearmargin.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent statement of API.md §1 and §7 for the property tests: each line rounded half-up
 * once; the discount split over the lines in exact shares (D × aᵢ / S); discountTotal = round(D);
 * taxTotal = round(Σ over taxable lines of (aᵢ − D × aᵢ / S) × rate / 100), computed as one exact
 * fraction and rounded once; total = subtotal − discountTotal + taxTotal.
 */
record TotalsModel(
        List<BigDecimal> lineAmounts,
        BigDecimal subtotal,
        BigDecimal discountTotal,
        BigDecimal taxTotal,
        BigDecimal total) {

    record Line(BigDecimal quantity, BigDecimal rate, boolean taxable) {}

    /** {@code discountType} null, "percent" or "amount". */
    static TotalsModel of(
            List<Line> lines, String discountType, BigDecimal discountValue, BigDecimal taxRate, int digits) {
        List<BigDecimal> amounts = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO.setScale(digits);
        for (Line l : lines) {
            BigDecimal a = l.quantity().multiply(l.rate()).setScale(digits, RoundingMode.HALF_UP);
            amounts.add(a);
            subtotal = subtotal.add(a);
        }
        BigDecimal discount = BigDecimal.ZERO;
        if (discountType != null && subtotal.signum() > 0) {
            discount = "percent".equals(discountType)
                    ? subtotal.multiply(discountValue).movePointLeft(2)
                    : discountValue.min(subtotal);
        }
        BigDecimal discountTotal = discount.setScale(digits, RoundingMode.HALF_UP);

        BigDecimal taxTotal = BigDecimal.ZERO.setScale(digits);
        BigDecimal rate = taxRate == null ? BigDecimal.ZERO : taxRate;
        if (subtotal.signum() != 0 && rate.signum() != 0) {
            // Σ (aᵢ − D·aᵢ/S)·rate/100 over taxable lines = Σ (aᵢ·S − D·aᵢ)·rate / (S·100)
            BigDecimal numerator = BigDecimal.ZERO;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).taxable()) {
                    BigDecimal a = amounts.get(i);
                    numerator = numerator.add(
                            a.multiply(subtotal).subtract(discount.multiply(a)).multiply(rate));
                }
            }
            taxTotal = numerator.divide(subtotal.multiply(BigDecimal.valueOf(100)), digits, RoundingMode.HALF_UP);
        }
        BigDecimal total = subtotal.subtract(discountTotal).add(taxTotal);
        return new TotalsModel(amounts, subtotal, discountTotal, taxTotal, total);
    }
}
