package app.clearmargin.crm;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.Registry;
import app.clearmargin.shared.Ids;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The door of crm for other capabilities: who a client's documents go to, and whose contact is whose. */
@Component
public class Crm {

    private final Registry registry;
    private final DocumentStore store;

    Crm(Registry registry, DocumentStore store) {
        this.registry = registry;
        this.store = store;
    }

    /** The client's primary contact (a client has at most one). */
    public Optional<Doc> primaryContact(String clientId) {
        var contacts = registry.layout("contacts");
        UUID client = Ids.parse("client", clientId).orElseThrow();
        return store
                .findWhere(
                        "contacts",
                        contacts.<UUID>column("client")
                                .eq(client)
                                .and(contacts.<Boolean>column("isPrimary").isTrue()))
                .stream()
                .findFirst();
    }

    /** The contact of a document (invoice, proposal) must be one of its client's contacts. */
    public void checkContactOfClient(Doc draft, Errors errors) {
        if (draft.ref("contact") == null
                || errors.has("contact")
                || draft.ref("client") == null
                || errors.has("client")) {
            return;
        }
        store.find("contacts", draft.ref("contact"))
                .filter(c -> !draft.requiredRef("client").equals(c.ref("client")))
                .ifPresent(c -> errors.add("contact", "This contact belongs to another client."));
    }
}
