package app.clearmargin.billing;

import java.util.Arrays;

/** The status of a payment schedule; each with the wire value documents and the API carry. */
public enum ScheduleStatus {
    ACTIVE("active"),
    COMPLETED("completed"),
    CANCELLED("cancelled");

    private final String wire;

    ScheduleStatus(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static ScheduleStatus of(String wire) {
        for (ScheduleStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown ScheduleStatus: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(ScheduleStatus::wire).toArray(String[]::new);
    }
}
