package app.clearmargin.proposals;

import java.util.Arrays;

/** The status of a proposal; each with the wire value documents and the API carry. */
public enum ProposalStatus {
    DRAFT("draft"),
    SENT("sent"),
    ACCEPTED("accepted"),
    REJECTED("rejected"),
    EXPIRED("expired");

    private final String wire;

    ProposalStatus(String wire) {
        this.wire = wire;
    }

    /** The value as stored and as the API shows it. */
    public String wire() {
        return wire;
    }

    /** The constant for a wire value; an unknown value is a bug (documents hold only these). */
    public static ProposalStatus of(String wire) {
        for (ProposalStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown ProposalStatus: " + wire);
    }

    /** Every wire value, in declaration order (the order the API lists them). */
    public static String[] wires() {
        return Arrays.stream(values()).map(ProposalStatus::wire).toArray(String[]::new);
    }
}
