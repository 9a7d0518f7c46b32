package app.clearmargin.billing;

import app.clearmargin.shared.WireValues;

/** The status of a payment schedule; each with the wire value documents and the API carry. */
public enum ScheduleStatus {
    ACTIVE,
    COMPLETED,
    CANCELLED;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static ScheduleStatus of(String wire) {
        return WireValues.parse(ScheduleStatus.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(ScheduleStatus.class);
    }
}
