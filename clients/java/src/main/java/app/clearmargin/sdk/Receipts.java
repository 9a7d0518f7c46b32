package app.clearmargin.sdk;

import app.clearmargin.sdk.model.Receipt;

/** {@code /api/receipts} (read-only) and {@code send}. */
public final class Receipts extends Resource<Receipt> {

    Receipts(Transport transport) {
        super(transport, "receipts", Receipt.class);
    }

    /** {@code POST /receipts/:id/send}: {@code receipt_sent}. */
    public Receipt send(String id) {
        return action(id, "send", null, RequestOptions.none(), Receipt.class).doc();
    }
}
