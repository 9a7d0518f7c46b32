package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.events.Events;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whom a billing document (invoice, proposal) concerns, read once for everything an action needs:
 * its client; the contact its events name (its own, else the client's primary, else none); and whom it
 * is mailed to (its own contact when that has an e-mail, else the client's primary contact with one).
 */
public record Parties(
        @Nullable Doc client,
        @Nullable Doc contact,
        @Nullable Doc recipient) {

    /** The recipient, if the document has one with an e-mail. */
    public Optional<Doc> mailTo() {
        return Optional.ofNullable(recipient);
    }

    /** The common event data of an invoice or proposal (amount = its total) naming these parties. */
    public Map<String, Object> eventData(String documentType, Doc document) {
        return Events.data(
                documentType,
                document.id(),
                document.requiredString("number"),
                document.requiredDecimal("total"),
                document.requiredString("currency"),
                client,
                contact);
    }
}
