package app.clearmargin.work;

import java.util.Arrays;

/** The status of a time entry; each with the wire value documents and the API carry. */
public enum TimeEntryStatus {
    UNBILLED("unbilled"),
    BILLED("billed"),
    WAIVED("waived");

    private final String wire;

    TimeEntryStatus(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static TimeEntryStatus of(String wire) {
        for (TimeEntryStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown TimeEntryStatus: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(TimeEntryStatus::wire).toArray(String[]::new);
    }
}
