package app.clearmargin.billing;

import app.clearmargin.shared.WireValues;

/** The status of one installment of a payment schedule; each with the wire value documents and the API carry. */
public enum InstallmentStatus {
    SCHEDULED,
    INVOICED,
    PAID;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static InstallmentStatus of(String wire) {
        return WireValues.parse(InstallmentStatus.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(InstallmentStatus.class);
    }
}
