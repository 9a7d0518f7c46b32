package app.clearmargin.links;

/** The documents that have private links, with their collection slug and id prefix. */
public enum LinkKind {
    INVOICE("invoices", "inv"),
    PROPOSAL("proposals", "prop"),
    RECEIPT("receipts", "rcpt");

    private final String slug;
    private final String idPrefix;

    LinkKind(String slug, String idPrefix) {
        this.slug = slug;
        this.idPrefix = idPrefix;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String slug() {
        return slug;
    }

    public String idPrefix() {
        return idPrefix;
    }

    static LinkKind of(String wire) {
        for (LinkKind k : values()) {
            if (k.wire().equals(wire)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown link kind " + wire);
    }
}
