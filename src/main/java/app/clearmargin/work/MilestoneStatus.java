package app.clearmargin.work;

import app.clearmargin.shared.WireValues;

/** The status of a milestone; each with the wire value documents and the API carry. */
public enum MilestoneStatus {
    PENDING,
    IN_PROGRESS,
    COMPLETED;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static MilestoneStatus of(String wire) {
        return WireValues.parse(MilestoneStatus.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(MilestoneStatus.class);
    }
}
