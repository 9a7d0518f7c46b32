package app.clearmargin.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An exact amount in one currency, always held at the currency's minor digits (USD 2, JPY 0).
 * Every rounding in the product goes through {@link #of(BigDecimal, String)}: half-up, once.
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = digits(currency);
        if (amount.scale() != digits) {
            amount = amount.setScale(digits, RoundingMode.HALF_UP);
        }
    }

    /** Amounts are stored as {@code numeric(19,4)}: fewer than 15 digits before the point. */
    public static final BigDecimal STORABLE_LIMIT = new BigDecimal("1000000000000000");

    /**
     * A computed amount too large to store. Thrown by {@link #storableAt(String)} with the path of
     * the field or line that caused it; the write engine answers it as a validation error there.
     */
    public static final class NotStorable extends RuntimeException {
        private final String path;

        NotStorable(String path) {
            super("amount too large to store at " + path, null, false, false);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    /** Rounds {@code exact} half-up to the currency's minor digits. */
    public static Money of(BigDecimal exact, String currency) {
        return new Money(exact.setScale(digits(currency), RoundingMode.HALF_UP), currency);
    }

    public static Money of(long major, String currency) {
        return of(BigDecimal.valueOf(major), currency);
    }

    /**
     * An amount in the currency's smallest unit, as payment providers count it (Stripe: 1050 USD cents
     * is 10.50; JPY has none, so 1050 is ¥1,050).
     */
    public static Money ofMinorUnits(long minor, String currency) {
        String code = currency.toUpperCase(java.util.Locale.ROOT);
        return of(BigDecimal.valueOf(minor, digits(code)), code);
    }

    public static Money zero(String currency) {
        return of(BigDecimal.ZERO, currency);
    }

    /** Minor digits of an ISO 4217 currency; currencies without a fixed number (XAU) are not supported. */
    public static int digits(String currency) {
        int d = Currency.getInstance(currency).getDefaultFractionDigits();
        if (d < 0) {
            throw new IllegalArgumentException("currency has no minor unit: " + currency);
        }
        return d;
    }

    /** The ISO 4217 code in upper case when {@code code} names a currency we can do arithmetic in. */
    public static Optional<String> currencyCode(String code) {
        if (code == null || code.length() != 3) {
            return Optional.empty();
        }
        try {
            Currency c = Currency.getInstance(code);
            return c.getDefaultFractionDigits() < 0 ? Optional.empty() : Optional.of(c.getCurrencyCode());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when {@code value} has no more fractional digits than the currency allows (the value, not the spelling). */
    public static boolean fitsCurrency(BigDecimal value, String currency) {
        return value.stripTrailingZeros().scale() <= digits(currency);
    }

    public static boolean isStorable(BigDecimal value) {
        return value.abs().compareTo(STORABLE_LIMIT) < 0;
    }

    /** This amount, or {@link NotStorable} blaming {@code path} when it does not fit the money columns. */
    public Money storableAt(String path) {
        if (!isStorable(amount)) {
            throw new NotStorable(path);
        }
        return this;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    /** The amount in the currency's smallest unit (10.50 USD → 1050); exact, as amounts hold the currency's digits. */
    public long minorUnits() {
        return amount.movePointRight(digits(currency)).longValueExact();
    }

    /** {@code this × factor}, rounded half-up once. */
    public Money times(BigDecimal factor) {
        return of(amount.multiply(factor), currency);
    }

    /** The amount without trailing zeros ({@code 12.50} → {@code 12.5}): the form documents hold. */
    public BigDecimal plain() {
        BigDecimal s = amount.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /**
     * The amount as {@code locale} writes money in this currency, at the currency's digits: en-US
     * {@code $1,810.00}, de-DE {@code 1.810,00 €}, en-US JPY {@code ¥1,810}, KWD three decimals.
     */
    public String format(Locale locale) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(Currency.getInstance(currency));
        int d = digits(currency);
        f.setMinimumFractionDigits(d);
        f.setMaximumFractionDigits(d);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(amount);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
