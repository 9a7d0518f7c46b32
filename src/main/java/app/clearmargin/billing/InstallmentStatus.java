package app.clearmargin.billing;

import java.util.Arrays;

/** The status of one installment of a payment schedule; each with the wire value documents and the API carry. */
public enum InstallmentStatus {
    SCHEDULED("scheduled"),
    INVOICED("invoiced"),
    PAID("paid");

    private final String wire;

    InstallmentStatus(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static InstallmentStatus of(String wire) {
        for (InstallmentStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown InstallmentStatus: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(InstallmentStatus::wire).toArray(String[]::new);
    }
}
