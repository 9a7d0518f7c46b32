package app.clearmargin.printing;

/** The documents an agency's client receives, by the collection that holds them (API.md §8). */
public enum DocumentKind {
    INVOICE("invoices", "Invoice"),
    PROPOSAL("proposals", "Proposal"),
    RECEIPT("receipts", "Receipt");

    private final String slug;
    private final String label;

    DocumentKind(String slug, String label) {
        this.slug = slug;
        this.label = label;
    }

    /** The collection slug, as in {@code /api/invoices}. */
    public String slug() {
        return slug;
    }

    /** The document's name as printed on it: Invoice, Proposal, Receipt. */
    public String label() {
        return label;
    }

    /** The kind whose collection is {@code slug}, or null. */
    public static @org.jspecify.annotations.Nullable DocumentKind ofSlug(String slug) {
        for (DocumentKind k : values()) {
            if (k.slug.equals(slug)) {
                return k;
            }
        }
        return null;
    }
}
