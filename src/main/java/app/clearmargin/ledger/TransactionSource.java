package app.clearmargin.ledger;

import app.clearmargin.shared.WireValues;

/** Where a ledger transaction came from; each with the wire value documents and the API carry. */
public enum TransactionSource {
    MANUAL,
    PAYMENT,
    REFUND;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static TransactionSource of(String wire) {
        return WireValues.parse(TransactionSource.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(TransactionSource.class);
    }
}
