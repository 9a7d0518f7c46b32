package app.clearmargin.tenancy;

import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The one place that confines SQL to an organization. Every read or write of a tenant table, every
 * relationship path and every populated document goes through {@link #of(Table)}.
 */
public final class TenantScope {

    public static final String COLUMN = "organization_id";

    private TenantScope() {}

    /** {@code <table>.organization_id = <current tenant>}. */
    public static Condition of(Table<?> table) {
        return column(table).eq(Tenant.current().organizationId());
    }

    public static Field<UUID> column(Table<?> table) {
        return DSL.field(DSL.name(table.getUnqualifiedName().last(), COLUMN), UUID.class);
    }

    /** The current tenant's id, for inserts. */
    public static UUID organizationId() {
        return Tenant.current().organizationId();
    }
}
