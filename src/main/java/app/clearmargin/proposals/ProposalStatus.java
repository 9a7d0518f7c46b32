package app.clearmargin.proposals;

import app.clearmargin.shared.WireValues;

/** The status of a proposal; each with the wire value documents and the API carry. */
public enum ProposalStatus {
    DRAFT,
    SENT,
    ACCEPTED,
    REJECTED,
    EXPIRED;

    /** The value as stored and as the API shows it. */
    public String wire() {
        return WireValues.wire(this);
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static ProposalStatus of(String wire) {
        return WireValues.parse(ProposalStatus.class, wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return WireValues.all(ProposalStatus.class);
    }
}
