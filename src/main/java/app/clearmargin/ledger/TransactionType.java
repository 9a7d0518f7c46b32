package app.clearmargin.ledger;

import app.clearmargin.shared.WireValues;

/** The type of a ledger transaction; each with the wire value documents and the API carry. */
public enum TransactionType {
    EXPENSE,
    REVENUE;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static TransactionType of(String wire) {
        return WireValues.parse(TransactionType.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(TransactionType.class);
    }
}
