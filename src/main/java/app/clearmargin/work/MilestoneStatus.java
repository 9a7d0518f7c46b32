package app.clearmargin.work;

import java.util.Arrays;

/** The status of a milestone; each with the wire value documents and the API carry. */
public enum MilestoneStatus {
    PENDING("pending"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed");

    private final String wire;

    MilestoneStatus(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static MilestoneStatus of(String wire) {
        for (MilestoneStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown MilestoneStatus: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(MilestoneStatus::wire).toArray(String[]::new);
    }
}
