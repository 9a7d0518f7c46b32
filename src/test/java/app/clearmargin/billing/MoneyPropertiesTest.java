package app.clearmargin.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property tests of the money rules (API.md §1, §7) on the real {@link Totals} and
 * {@link Installments}: totals are sums of rounded parts, discount and tax are each rounded once,
 * installments always add up to the total — in currencies with 2, 0 and 3 minor digits.
 */
class MoneyPropertiesTest {

    static final Gen<String> CURRENCIES = arbitrary().pick("USD", "JPY", "BHD");

    /** A line before it meets its currency: quantity with up to 4 decimals, rate in minor units (never negative, as the API). */
    record RawLine(int quantityUnscaled, int quantityScale, long rateMinor, boolean taxable) {
        TotalsModel.Line in(String currency) {
            return new TotalsModel.Line(
                    BigDecimal.valueOf(quantityUnscaled, quantityScale),
                    BigDecimal.valueOf(rateMinor, Money.digits(currency)),
                    taxable);
        }
    }

    /** kind 0 none, 1 percent (0–100 with 4 decimals), 2 amount (minor units). */
    record RawDiscount(int kind, long raw) {
        String type() {
            return switch (kind) {
                case 1 -> "percent";
                case 2 -> "amount";
                default -> null;
            };
        }

        BigDecimal value(String currency) {
            return kind == 1 ? BigDecimal.valueOf(raw % 1_000_001, 4) : BigDecimal.valueOf(raw, Money.digits(currency));
        }
    }

    static final Gen<RawLine> LINES = integers()
            .between(0, 200_000)
            .zip(
                    integers().between(0, 4),
                    longs().between(0L, 10_000_000L),
                    booleans().all(),
                    RawLine::new);
    static final Gen<List<RawLine>> LINE_LISTS = lists().of(LINES).ofSizeBetween(0, 12);
    static final Gen<RawDiscount> DISCOUNTS =
            integers().between(0, 2).zip(longs().between(0L, 100_000_000L), RawDiscount::new);
    static final Gen<BigDecimal> TAX_RATES = integers().between(0, 1_000_000).map(u -> BigDecimal.valueOf(u, 4));

    // ------------------------------------------------------------------ totals

    @Test
    void totalsAreSumsOfRoundedPartsWithDiscountAndTaxRoundedOnce() {
        qt().withExamples(3_000)
                .forAll(CURRENCIES, LINE_LISTS, DISCOUNTS, TAX_RATES)
                .checkAssert((currency, raw, discount, taxRate) -> {
                    List<TotalsModel.Line> lines =
                            raw.stream().map(l -> l.in(currency)).toList();
                    Totals t = compute(lines, discount, taxRate, currency);
                    TotalsModel expected = TotalsModel.of(
                            lines, discount.type(), discount.value(currency), taxRate, Money.digits(currency));

                    assertThat(t.lineAmounts().stream().map(Money::amount).toList())
                            .isEqualTo(expected.lineAmounts());
                    Money sumOfLines = t.lineAmounts().stream().reduce(Money.zero(currency), Money::plus);
                    assertThat(t.subtotal()).isEqualTo(sumOfLines);
                    assertThat(t.discountTotal().amount()).isEqualTo(expected.discountTotal());
                    assertThat(t.taxTotal().amount()).isEqualTo(expected.taxTotal());
                    assertThat(t.total())
                            .isEqualTo(t.subtotal().minus(t.discountTotal()).plus(t.taxTotal()));
                    assertThat(t.total().amount()).isEqualTo(expected.total());
                    for (Money m : List.of(t.subtotal(), t.discountTotal(), t.taxTotal(), t.total())) {
                        assertThat(m.currency()).isEqualTo(currency);
                        assertThat(m.amount().scale()).isEqualTo(Money.digits(currency));
                    }
                });
    }

    @Test
    void nothingGoesNegativeAndTheDiscountNeverRaisesTax() {
        qt().withExamples(2_000)
                .forAll(CURRENCIES, LINE_LISTS, DISCOUNTS, TAX_RATES)
                .checkAssert((currency, raw, discount, taxRate) -> {
                    List<TotalsModel.Line> lines =
                            raw.stream().map(l -> l.in(currency)).toList();
                    Totals t = compute(lines, discount, taxRate, currency);
                    Totals undiscounted = compute(lines, new RawDiscount(0, 0), taxRate, currency);
                    assertThat(t.discountTotal().isNegative()).isFalse();
                    assertThat(t.discountTotal()).isLessThanOrEqualTo(t.subtotal());
                    assertThat(t.taxTotal().isNegative()).isFalse();
                    assertThat(t.taxTotal()).isLessThanOrEqualTo(undiscounted.taxTotal());
                    assertThat(t.total().isNegative()).isFalse();
                });
    }

    @Test
    void lineOrderDoesNotChangeTheTotals() {
        qt().withExamples(1_000)
                .forAll(CURRENCIES, LINE_LISTS, DISCOUNTS, TAX_RATES)
                .checkAssert((currency, raw, discount, taxRate) -> {
                    List<TotalsModel.Line> lines =
                            raw.stream().map(l -> l.in(currency)).toList();
                    Totals forward = compute(lines, discount, taxRate, currency);
                    Totals backward = compute(lines.reversed(), discount, taxRate, currency);
                    assertThat(backward.subtotal()).isEqualTo(forward.subtotal());
                    assertThat(backward.discountTotal()).isEqualTo(forward.discountTotal());
                    assertThat(backward.taxTotal()).isEqualTo(forward.taxTotal());
                    assertThat(backward.total()).isEqualTo(forward.total());
                });
    }

    @Test
    void knownCases() {
        // half-up, not half-even: 3 × 0.335 = 1.005 → 1.01; JPY 1.5 × 101 = 151.5 → 152; BHD 0.0005 → 0.001
        assertThat(compute(List.of(line("3", "0.335", true)), new RawDiscount(0, 0), null, "USD")
                        .total())
                .isEqualTo(Money.of(new BigDecimal("1.01"), "USD"));
        assertThat(compute(List.of(line("1.5", "101", true)), new RawDiscount(0, 0), null, "JPY")
                        .total())
                .isEqualTo(Money.of(152, "JPY"));
        assertThat(compute(List.of(line("0.5", "0.001", true)), new RawDiscount(0, 0), null, "BHD")
                        .total())
                .isEqualTo(Money.of(new BigDecimal("0.001"), "BHD"));
        // 10 % off 10 (taxable) + 20 (exempt): shares 1 and 2; tax 7.5 % of 9 = 0.675 → 0.68
        Totals t = compute(
                List.of(line("1", "10", true), line("1", "20", false)),
                new RawDiscount(1, 100_000),
                new BigDecimal("7.5"),
                "USD");
        assertThat(t.discountTotal()).isEqualTo(Money.of(3, "USD"));
        assertThat(t.taxTotal()).isEqualTo(Money.of(new BigDecimal("0.68"), "USD"));
        assertThat(t.total()).isEqualTo(Money.of(new BigDecimal("27.68"), "USD"));
        // three 1/3 discount shares of 0.01 each are exact, the total discount is rounded once: 0.01 × 3 lines
        Totals thirds = compute(
                List.of(line("1", "0.01", true), line("1", "0.01", true), line("1", "0.01", true)),
                new RawDiscount(2, 1),
                new BigDecimal("50"),
                "USD");
        assertThat(thirds.discountTotal()).isEqualTo(Money.of(new BigDecimal("0.01"), "USD"));
        assertThat(thirds.taxTotal()).isEqualTo(Money.of(new BigDecimal("0.01"), "USD")); // 0.02 × 50 %
    }

    private static TotalsModel.Line line(String quantity, String rate, boolean taxable) {
        return new TotalsModel.Line(new BigDecimal(quantity), new BigDecimal(rate), taxable);
    }

    static Totals compute(List<TotalsModel.Line> lines, RawDiscount discount, BigDecimal taxRate, String currency) {
        List<Totals.Line> real = lines.stream()
                .map(l -> new Totals.Line(l.quantity(), l.rate(), l.taxable()))
                .toList();
        Totals.Discount d = discount.type() == null
                ? Totals.Discount.NONE
                : new Totals.Discount(
                        "percent".equals(discount.type()) ? Totals.DiscountType.PERCENT : Totals.DiscountType.AMOUNT,
                        discount.value(currency));
        return Totals.compute(real, d, taxRate, currency);
    }

    // ------------------------------------------------------------------ installments

    /** One non-remainder term: a percentage (0–100, 2 decimals) or a fixed amount in minor units. */
    record RawTerm(boolean percent, int percentUnscaled, long fixedMinor) {}

    static final Gen<RawTerm> TERMS =
            booleans().all().zip(integers().between(0, 10_000), longs().between(0L, 500_000_000L), RawTerm::new);

    @Test
    void installmentsAlwaysAddUpToTheTotal() {
        qt().withExamples(3_000)
                .forAll(
                        CURRENCIES,
                        longs().between(0L, 1_000_000_000L),
                        lists().of(TERMS).ofSizeBetween(0, 5),
                        integers().between(0, 5))
                .checkAssert((currency, totalMinor, raw, remainderAt) -> {
                    Money total = new Money(BigDecimal.valueOf(totalMinor, Money.digits(currency)), currency);
                    List<Map<String, Object>> terms = terms(raw, Math.min(remainderAt, raw.size()), currency);
                    List<Money> amounts = Installments.split(total, terms);

                    assertThat(amounts).hasSameSizeAs(terms);
                    assertThat(amounts.stream().reduce(Money.zero(currency), Money::plus))
                            .isEqualTo(total);
                    Money others = Money.zero(currency);
                    BigDecimal percents = BigDecimal.ZERO;
                    for (int i = 0; i < terms.size(); i++) {
                        Money amount = amounts.get(i);
                        assertThat(amount.amount().scale()).isEqualTo(Money.digits(currency));
                        BigDecimal value = (BigDecimal) terms.get(i).get("value");
                        switch ((String) terms.get(i).get("type")) {
                            case "percent" -> {
                                assertThat(amount.amount())
                                        .isEqualTo(total.amount()
                                                .multiply(value)
                                                .movePointLeft(2)
                                                .setScale(Money.digits(currency), RoundingMode.HALF_UP));
                                percents = percents.add(value);
                                others = others.plus(amount);
                            }
                            case "fixed" -> {
                                assertThat(amount.amount()).isEqualByComparingTo(value);
                                others = others.plus(amount);
                            }
                            default -> assertThat(amount).isEqualTo(total.minus(others.plus(rest(amounts, terms, i))));
                        }
                    }
                    // the rules accept exactly the terms whose installments are all ≥ 0
                    boolean valid = percents.compareTo(BigDecimal.valueOf(100)) <= 0
                            && amounts.stream().noneMatch(Money::isNegative);
                    assertThat(Installments.problems(terms, total))
                            .as("problems of " + terms)
                            .hasSize(valid ? 0 : 1);
                });
    }

    @Test
    void termsWithoutExactlyOneRemainderAreRefused() {
        Money total = Money.of(100, "USD");
        List<Map<String, Object>> none = List.of(term("percent", "50"), term("fixed", "50"));
        assertThat(Installments.problems(none, total))
                .extracting(p -> p[0])
                .containsExactly("paymentTerms.installments");
        List<Map<String, Object>> two = List.of(term("remainder", null), term("remainder", null));
        assertThat(Installments.problems(two, total))
                .extracting(p -> p[0])
                .containsExactly("paymentTerms.installments");
        assertThat(Installments.problems(List.of(term("fixed", "0.001"), term("remainder", null)), total))
                .extracting(p -> p[0])
                .containsExactly("paymentTerms.installments.0.value");
    }

    /** The amounts of the non-remainder terms after index {@code i} (the remainder takes what they leave). */
    private static Money rest(List<Money> amounts, List<Map<String, Object>> terms, int i) {
        Money sum = Money.zero(amounts.getFirst().currency());
        for (int j = i + 1; j < terms.size(); j++) {
            sum = sum.plus(amounts.get(j));
        }
        return sum;
    }

    private static List<Map<String, Object>> terms(List<RawTerm> raw, int remainderAt, String currency) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RawTerm t : raw) {
            out.add(
                    t.percent()
                            ? term(
                                    "percent",
                                    BigDecimal.valueOf(t.percentUnscaled(), 2).toPlainString())
                            : term(
                                    "fixed",
                                    BigDecimal.valueOf(t.fixedMinor(), Money.digits(currency))
                                            .toPlainString()));
        }
        out.add(remainderAt, term("remainder", null));
        return out;
    }

    private static Map<String, Object> term(String type, String value) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", type);
        t.put("value", value == null ? null : new BigDecimal(value));
        return t;
    }
}
