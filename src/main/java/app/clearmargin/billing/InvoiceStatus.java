package app.clearmargin.billing;

import app.clearmargin.shared.WireValues;

/** The status of an invoice; each with the wire value documents and the API carry. */
public enum InvoiceStatus {
    DRAFT,
    SENT,
    PARTIALLY_PAID,
    PAID,
    OVERDUE,
    VOID,
    REFUNDED;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static InvoiceStatus of(String wire) {
        return WireValues.parse(InvoiceStatus.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(InvoiceStatus.class);
    }
}
