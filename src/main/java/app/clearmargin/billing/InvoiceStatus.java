package app.clearmargin.billing;

import java.util.Arrays;

/** The status of an invoice; each with the wire value documents and the API carry. */
public enum InvoiceStatus {
    DRAFT("draft"),
    SENT("sent"),
    PARTIALLY_PAID("partially_paid"),
    PAID("paid"),
    OVERDUE("overdue"),
    VOID("void"),
    REFUNDED("refunded");

    private final String wire;

    InvoiceStatus(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static InvoiceStatus of(String wire) {
        for (InvoiceStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown InvoiceStatus: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(InvoiceStatus::wire).toArray(String[]::new);
    }
}
