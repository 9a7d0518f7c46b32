package app.clearmargin.ledger;

import java.util.Arrays;

/** The type of a ledger transaction; each with the wire value documents and the API carry. */
public enum TransactionType {
    EXPENSE("expense"),
    REVENUE("revenue");

    private final String wire;

    TransactionType(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static TransactionType of(String wire) {
        for (TransactionType value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown TransactionType: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(TransactionType::wire).toArray(String[]::new);
    }
}
