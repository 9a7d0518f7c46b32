package app.clearmargin.billing;

import java.util.Arrays;

/** The status of a payment attempt; each with the wire value documents and the API carry. */
public enum PaymentStatus {
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String wire;

    PaymentStatus(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static PaymentStatus of(String wire) {
        for (PaymentStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown PaymentStatus: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(PaymentStatus::wire).toArray(String[]::new);
    }
}
