package app.clearmargin.billing;

/** What recording a provider's payment, refund or dispute did. */
public enum ProviderOutcome {
    /** Recorded now, with its receipts, ledger transactions, events and audit entries. */
    RECORDED,
    /** Already recorded earlier (the same payment, or no newly refunded amount): nothing changed. */
    ALREADY_RECORDED,
    /** The invoice or the payment it refers to is not recorded (yet): nothing changed. */
    NOT_FOUND
}
