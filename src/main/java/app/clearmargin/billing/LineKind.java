package app.clearmargin.billing;

import app.clearmargin.shared.WireValues;

/** The kind of an invoice or proposal line; each with the wire value documents and the API carry. */
public enum LineKind {
    SERVICE,
    TIME,
    EXPENSE,
    FIXED,
    INSTALLMENT;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static LineKind of(String wire) {
        return WireValues.parse(LineKind.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(LineKind.class);
    }
}
