package app.clearmargin.ledger;

import java.util.Arrays;

/** Where a ledger transaction came from; each with the wire value documents and the API carry. */
public enum TransactionSource {
    MANUAL("manual"),
    PAYMENT("payment"),
    REFUND("refund");

    private final String wire;

    TransactionSource(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static TransactionSource of(String wire) {
        for (TransactionSource value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown TransactionSource: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(TransactionSource::wire).toArray(String[]::new);
    }
}
