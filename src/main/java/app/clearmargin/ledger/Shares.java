package app.clearmargin.ledger;

import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits an amount into parts proportional to weights, each at the currency's minor unit, so that the
 * parts add up exactly to the amount (largest remainder: every part first gets the floor of its exact
 * share, the minor units left over go to the largest remainders, earlier parts winning ties). Each
 * part is within one minor unit of its exact share; rounding each share on its own would not add up.
 */
final class Shares {

    private Shares() {}

    /** {@code amount} split by {@code weights} (each ≥ 0, at least one > 0); same order as the weights. */
    static List<Money> split(Money amount, List<BigDecimal> weights) {
        String currency = amount.currency();
        int digits = Money.digits(currency);
        int scale = weights.stream()
                .mapToInt(w -> Math.max(w.stripTrailingZeros().scale(), 0))
                .max()
                .orElse(0);
        List<BigInteger> units = weights.stream()
                .map(w -> {
                    if (w.signum() < 0) {
                        throw new IllegalArgumentException("negative weight " + w);
                    }
                    return w.movePointRight(scale).toBigIntegerExact();
                })
                .toList();
        BigInteger totalWeight = units.stream().reduce(BigInteger.ZERO, BigInteger::add);
        if (totalWeight.signum() == 0) {
            throw new IllegalArgumentException("weights add up to zero");
        }
        BigInteger minor = amount.amount().movePointRight(digits).toBigIntegerExact();
        BigInteger magnitude = minor.abs();

        BigInteger[] parts = new BigInteger[units.size()];
        BigInteger[] remainders = new BigInteger[units.size()];
        BigInteger assigned = BigInteger.ZERO;
        for (int i = 0; i < units.size(); i++) {
            BigInteger[] qr = magnitude.multiply(units.get(i)).divideAndRemainder(totalWeight);
            parts[i] = qr[0];
            remainders[i] = qr[1];
            assigned = assigned.add(qr[0]);
        }
        int leftover = magnitude.subtract(assigned).intValueExact(); // < number of parts
        List<Integer> byRemainder = IntStream.range(0, parts.length)
                .boxed()
                .sorted(Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                        .reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        for (int k = 0; k < leftover; k++) {
            int i = byRemainder.get(k);
            parts[i] = parts[i].add(BigInteger.ONE);
        }

        List<Money> out = new ArrayList<>(parts.length);
        for (BigInteger part : parts) {
            BigInteger signed = minor.signum() < 0 ? part.negate() : part;
            out.add(new Money(new BigDecimal(signed, digits), currency));
        }
        return out;
    }
}
