package app.clearmargin.billing;

import java.util.Arrays;

/** The kind of an invoice or proposal line; each with the wire value documents and the API carry. */
public enum LineKind {
    SERVICE("service"),
    TIME("time"),
    EXPENSE("expense"),
    FIXED("fixed"),
    INSTALLMENT("installment");

    private final String wire;

    LineKind(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static LineKind of(String wire) {
        for (LineKind value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown LineKind: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(LineKind::wire).toArray(String[]::new);
    }
}
