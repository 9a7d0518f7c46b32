package app.clearmargin.crm;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.TenantScope;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Contacts: a client has at most one primary contact; its first contact becomes primary. */
@Component
class ContactHooks implements CollectionHooks {

    private final Registry registry;
    private final DocumentStore store;
    private final DSLContext db;

    ContactHooks(Registry registry, DocumentStore store, DSLContext db) {
        this.registry = registry;
        this.store = store;
        this.db = db;
    }

    @Override
    public String collection() {
        return "contacts";
    }

    @Override
    public @Nullable String currency(WriteContext ctx, Doc draft) {
        return null;
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        boolean clientChanged = existing == null || !draft.requiredRef("client").equals(existing.ref("client"));
        if (clientChanged && !draft.bool("isPrimary")) {
            lockClient(draft.requiredRef("client"));
            var contacts = registry.layout("contacts");
            boolean hasPrimary = !store.findWhere(
                            "contacts",
                            contacts.<UUID>column("client")
                                    .eq(clientId(draft))
                                    .and(contacts.<Boolean>column("isPrimary").isTrue()))
                    .isEmpty();
            if (!hasPrimary) {
                draft.put("isPrimary", true);
            }
        }
    }

    @Override
    public void afterChange(WriteContext ctx, Doc saved, @Nullable Doc previous) {
        if (saved.bool("isPrimary")
                && (previous == null
                        || !previous.bool("isPrimary")
                        || !saved.requiredRef("client").equals(previous.ref("client")))) {
            var contacts = registry.layout("contacts");
            db.update(contacts.table())
                    .set(contacts.<Boolean>column("isPrimary"), false)
                    .where(TenantScope.of(contacts.table()))
                    .and(contacts.<UUID>column("client").eq(clientId(saved)))
                    .and(contacts.id().ne(saved.uuid("contact")))
                    .and(contacts.<Boolean>column("isPrimary").isTrue())
                    .execute();
        }
    }

    @Override
    public void beforeDelete(WriteContext ctx, Doc contact) {
        if (!contact.bool("isPrimary")) {
            return;
        }
        // the oldest remaining contact takes over, so invoices keep a default recipient
        var contacts = registry.layout("contacts");
        List<Doc> others = store.findWhere(
                "contacts",
                contacts.<UUID>column("client")
                        .eq(clientId(contact))
                        .and(contacts.id().ne(contact.uuid("contact"))));
        if (!others.isEmpty()) {
            db.update(contacts.table())
                    .set(contacts.<Boolean>column("isPrimary"), true)
                    .where(TenantScope.of(contacts.table()))
                    .and(contacts.id().eq(others.getFirst().uuid("contact")))
                    .execute();
        }
    }

    /** Serialises concurrent contact writes of one client, so two first contacts cannot both become primary. */
    private void lockClient(String clientId) {
        store.findForUpdate("clients", clientId);
    }

    private static UUID clientId(Doc contact) {
        return Ids.parse("client", contact.requiredRef("client")).orElseThrow();
    }
}
