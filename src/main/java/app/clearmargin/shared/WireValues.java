package app.clearmargin.shared;

import java.util.Arrays;
import java.util.Locale;

/**
 * The statuses and kinds of the API are closed sets whose stored and shown value is the constant's name in
 * lower case ({@code PARTIALLY_PAID} is {@code partially_paid}); each enum delegates here instead of
 * carrying a copy of the value and its own lookup loop.
 */
public final class WireValues {

    private WireValues() {}

    /** The value as stored and as the API shows it. */
    public static String wire(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose wire value is exactly {@code wire}; an unknown value is a bug (documents hold only these). */
    public static <E extends Enum<E>> E parse(Class<E> type, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (wire(constant).equals(wire)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + ": " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] all(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireValues::wire).toArray(String[]::new);
    }
}
