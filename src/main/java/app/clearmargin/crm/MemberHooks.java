package app.clearmargin.crm;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.tenancy.TenantScope;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Members: e-mail unique per organization (case-insensitive). */
@Component
class MemberHooks implements CollectionHooks {

    private final Registry registry;
    private final DSLContext db;

    MemberHooks(Registry registry, DSLContext db) {
        this.registry = registry;
        this.db = db;
    }

    @Override
    public String collection() {
        return "members";
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (!draft.has("email") || errors.has("email")) {
            return;
        }
        var members = registry.layout("members");
        var condition = DSL.lower(members.<String>column("email"))
                .eq(draft.requiredString("email").toLowerCase());
        if (existing != null) {
            condition = condition.and(members.id().ne(existing.uuid("member")));
        }
        if (db.fetchExists(DSL.selectOne()
                .from(members.table())
                .where(TenantScope.of(members.table()))
                .and(condition))) {
            errors.add("email", "A member with this email already exists.");
        }
    }
}
