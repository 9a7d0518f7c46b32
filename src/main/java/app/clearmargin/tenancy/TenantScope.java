package app.clearmargin.tenancy;

import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The one place tenant predicates and values are made for work bound to an organization: every read and
 * write of a collection, every relationship path and populated document, and the capabilities' own
 * tables (event occurrences, numbering, the mail outbox) take theirs from here. Only work that spans
 * organizations or runs outside a bound one (the delivery and mail workers, row-count folding, the API
 * key lookup, idempotency records, the demo's bulk seeder) names the column itself; ArchitectureTest
 * lists each of those places with its reason and fails on any other.
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
