package app.clearmargin.work;

import app.clearmargin.shared.WireValues;

/** The status of a time entry; each with the wire value documents and the API carry. */
public enum TimeEntryStatus {
    UNBILLED,
    BILLED,
    WAIVED;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static TimeEntryStatus of(String wire) {
        return WireValues.parse(TimeEntryStatus.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(TimeEntryStatus.class);
    }
}
