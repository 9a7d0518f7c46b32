package app.clearmargin.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The exact splitter behind shared expenses, overhead and multi-project revenue in the profitability report. */
class SharesTest {

    private static final Gen<String> CURRENCIES = arbitrary().pick("USD", "JPY", "BHD");
    private static final Gen<BigDecimal> WEIGHTS = integers()
            .between(0, 1_000_000)
            .zip(integers().between(0, 6), (unscaled, scale) -> BigDecimal.valueOf(unscaled, scale));

    @Test
    void partsAddUpExactlyAndStayWithinOneMinorUnitOfTheirShare() {
        qt().withExamples(2_000)
                .forAll(
                        CURRENCIES,
                        longs().between(-1_000_000_000L, 1_000_000_000L),
                        lists().of(WEIGHTS).ofSizeBetween(1, 8))
                .assuming((currency, minor, weights) -> weights.stream().anyMatch(w -> w.signum() > 0))
                .checkAssert((currency, minor, weights) -> {
                    Money amount = new Money(BigDecimal.valueOf(minor, Money.digits(currency)), currency);
                    List<Money> parts = Shares.split(amount, weights);

                    assertThat(parts).hasSameSizeAs(weights);
                    assertThat(parts.stream().reduce(Money.zero(currency), Money::plus))
                            .isEqualTo(amount);
                    BigDecimal total = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                    BigDecimal unit = BigDecimal.ONE.movePointLeft(Money.digits(currency));
                    for (int i = 0; i < parts.size(); i++) {
                        Money part = parts.get(i);
                        assertThat(part.amount().scale()).isEqualTo(Money.digits(currency));
                        BigDecimal exact =
                                amount.amount().multiply(weights.get(i)).divide(total, MathContext.DECIMAL128);
                        assertThat(part.amount().subtract(exact).abs()).isLessThan(unit);
                        if (weights.get(i).signum() == 0) {
                            assertThat(part.isZero()).isTrue();
                        } else {
                            assertThat(part.amount().signum() * amount.amount().signum())
                                    .isNotNegative();
                        }
                    }
                });
    }

    @Test
    void leftoverMinorUnitsGoToTheLargestRemaindersThenToTheEarlierPart() {
        assertThat(Shares.split(
                        Money.of(new BigDecimal("10.01"), "USD"),
                        List.of(BigDecimal.valueOf(15), BigDecimal.valueOf(5))))
                .containsExactly(Money.of(new BigDecimal("7.51"), "USD"), Money.of(new BigDecimal("2.50"), "USD"));
        assertThat(Shares.split(Money.of(new BigDecimal("0.05"), "USD"), List.of(BigDecimal.ONE, BigDecimal.ONE)))
                .containsExactly(Money.of(new BigDecimal("0.03"), "USD"), Money.of(new BigDecimal("0.02"), "USD"));
        assertThat(Shares.split(Money.of(1001, "JPY"), List.of(BigDecimal.valueOf(2), BigDecimal.ONE)))
                .containsExactly(Money.of(667, "JPY"), Money.of(334, "JPY"));
        assertThat(Shares.split(Money.of(new BigDecimal("-0.05"), "USD"), List.of(BigDecimal.ONE, BigDecimal.ONE)))
                .containsExactly(Money.of(new BigDecimal("-0.03"), "USD"), Money.of(new BigDecimal("-0.02"), "USD"));
        assertThat(Shares.split(
                        Money.of(new BigDecimal("1.000"), "BHD"),
                        List.of(new BigDecimal("0.333333"), new BigDecimal("0.333333"), new BigDecimal("0.333334"))))
                .containsExactly(
                        Money.of(new BigDecimal("0.333"), "BHD"),
                        Money.of(new BigDecimal("0.333"), "BHD"),
                        Money.of(new BigDecimal("0.334"), "BHD"));
    }

    @Test
    void refusesWeightsThatCannotSplit() {
        Money ten = Money.of(10, "USD");
        assertThatThrownBy(() -> Shares.split(ten, List.of(BigDecimal.ZERO, BigDecimal.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shares.split(ten, List.of(BigDecimal.ONE, BigDecimal.valueOf(-1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
