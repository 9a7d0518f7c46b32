package app.clearmargin.crm;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import app.clearmargin.tenancy.TenantScope;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Clients: currency and payment terms default to the organization's; every client gets a default
 * project "General"; a client whose only reference is that untouched project is deleted with it.
 */
@Component
class ClientHooks implements CollectionHooks {

    static final String DEFAULT_PROJECT = "General";

    private final Documents documents;
    private final Registry registry;
    private final DSLContext db;
    private final DocumentStore store;

    ClientHooks(@Lazy Documents documents, @Lazy Registry registry, @Lazy DocumentStore store, DSLContext db) {
        this.documents = documents;
        this.registry = registry;
        this.store = store;
        this.db = db;
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        return draft.has("currency") ? draft.string("currency") : ctx.currency();
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, Doc existing) {
        if (!draft.has("currency")) {
            draft.put("currency", existing != null && existing.has("currency") ? existing.string("currency") : ctx.currency());
        }
        if (existing == null && draft.get("paymentTermsDays") == null) {
            draft.put("paymentTermsDays", (long) ctx.organization().paymentTermsDays());
        }
    }

    @Override
    public void afterChange(WriteContext ctx, Doc saved, Doc previous) {
        if (previous == null) {
            Doc project = new Doc()
                    .put("client", saved.id())
                    .put("name", DEFAULT_PROJECT)
                    .put("isDefault", true);
            documents.insertInternal(registry.get("projects"), project, ctx, false);
        } else if (!saved.string("currency").equals(previous.string("currency"))) {
            // projects carry their client's currency
            var projects = registry.layout("projects");
            db.update(projects.table())
                    .set(projects.<String>column("currency"), saved.string("currency"))
                    .where(TenantScope.of(projects.table()))
                    .and(projects.<UUID>column("client").eq(saved.uuid("client")))
                    .execute();
        }
    }

    @Override
    public void beforeDelete(WriteContext ctx, Doc client) {
        var projects = registry.layout("projects");
        List<Doc> defaults = store.findWhereForUpdate("projects", projects.<UUID>column("client").eq(client.uuid("client"))
                .and(projects.<Boolean>column("isDefault").isTrue()));
        for (Doc project : defaults) {
            if (!project.items("scopeItems").isEmpty()) {
                throw ApiException.conflict("Client " + client.id() + " is referenced by projects (its default project "
                        + project.id() + " has scope items); archive it instead of deleting it.");
            }
            documents.deleteInternal(registry.get("projects"), project, ctx, false);
        }
    }
}
