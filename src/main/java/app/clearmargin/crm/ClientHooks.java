package app.clearmargin.crm;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.work.Work;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Clients: currency and payment terms default to the organization's; every client gets a default
 * project "General"; a client whose only reference is that untouched project is deleted with it.
 */
@Component
class ClientHooks implements CollectionHooks {

    private final Work work;

    ClientHooks(Work work) {
        this.work = work;
    }

    @Override
    public String collection() {
        return "clients";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        return draft.has("currency") ? draft.requiredString("currency") : ctx.currency();
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        if (!draft.has("currency")) {
            draft.put(
                    "currency",
                    existing != null && existing.has("currency") ? existing.string("currency") : ctx.currency());
        }
        if (existing == null && draft.get("paymentTermsDays") == null) {
            draft.put("paymentTermsDays", (long) ctx.organization().paymentTermsDays());
        }
    }

    @Override
    public void afterChange(WriteContext ctx, Doc saved, @Nullable Doc previous) {
        if (previous == null) {
            work.createDefaultProject(ctx, saved.id());
        } else if (!saved.requiredString("currency").equals(previous.string("currency"))) {
            work.followClientCurrency(ctx, saved.id(), saved.requiredString("currency"));
        }
    }

    @Override
    public void beforeDelete(WriteContext ctx, Doc client) {
        work.deleteDefaultProjects(ctx, client.id());
    }
}
