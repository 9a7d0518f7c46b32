package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.crm.Crm;
import app.clearmargin.mail.Mailer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Who a billing document goes to ({@link Parties}), and mailing it. */
@Component
class Recipients {

    private final Crm crm;
    private final DocumentStore store;
    private final Mailer mailer;

    Recipients(Crm crm, DocumentStore store, Mailer mailer) {
        this.crm = crm;
        this.store = store;
        this.mailer = mailer;
    }

    /**
     * The parties of an invoice or proposal: its client and own contact read once each; the client's
     * primary contact only when the own contact is missing or has no e-mail.
     */
    Parties of(Doc document) {
        Doc client = store.find("clients", document.requiredRef("client")).orElse(null);
        Optional<Doc> own = Optional.ofNullable(document.ref("contact")).flatMap(id -> store.find("contacts", id));
        if (own.filter(c -> c.has("email")).isPresent()) {
            return new Parties(client, own.get(), own.get());
        }
        Optional<Doc> primary = crm.primaryContact(document.requiredRef("client"));
        return new Parties(
                client,
                own.or(() -> primary).orElse(null),
                primary.filter(c -> c.has("email")).orElse(null));
    }

    /**
     * Queues the e-mail sending {@code document} (of {@code collection}) to {@code recipient}: its text,
     * HTML and PDF are composed now, in the sending transaction, from the parties already read.
     */
    void mail(WriteContext ctx, Doc document, Parties parties, Doc recipient, String collection) {
        List<Doc> read = new ArrayList<>(3);
        for (Doc party : new Doc[] {parties.client(), parties.contact(), parties.recipient()}) {
            if (party != null) {
                read.add(party);
            }
        }
        mailer.queueDocument(ctx, collection, document, recipient, read);
    }
}
