package app.clearmargin.collections;

import java.math.BigDecimal;
import java.math.BigInteger;

/** One canonical form for numbers in documents, so equal values compare equal and print plainly. */
final class Numbers {

    private Numbers() {}

    /** {@code 12.5000} → {@code 12.5}, {@code 1E+2} → {@code 100}. */
    static BigDecimal normalize(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    static Object normalizeAny(Object v) {
        return switch (v) {
            case BigDecimal d -> normalize(d);
            case BigInteger i -> normalize(new BigDecimal(i));
            case Double d -> normalize(BigDecimal.valueOf(d));
            case Float f -> normalize(new BigDecimal(f.toString()));
            case Number n -> normalize(new BigDecimal(n.toString()));
            default -> v;
        };
    }

    static Long toLong(Object v) {
        return switch (v) {
            case Long l -> l;
            case Number n -> n.longValue();
            default -> Long.parseLong(v.toString());
        };
    }
}
