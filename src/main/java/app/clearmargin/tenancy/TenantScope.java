package app.clearmargin.tenancy;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The one place tenant predicates and values are made for work bound to an organization, for both kinds
 * of statement: a jOOQ condition ({@link #of(Table)}) for statements built with the DSL, and SQL text with
 * its bind ({@link #SQL}, {@link #bind}) for the fixed-shape reads the collection engine renders once and
 * runs through plain JDBC. Every read and write of a collection, every relationship path and populated
 * document, and the capabilities' own tables (event occurrences, numbering, the mail outbox) take theirs
 * from here. Only work that spans organizations or runs outside a bound one (the delivery and mail
 * workers, row-count folding, the API key lookup, idempotency records, the demo's bulk seeder) names the
 * column itself; ArchitectureTest lists each of those places with its reason and fails on any other.
 * Unbound access fails closed.
 */
public final class TenantScope {

    public static final String COLUMN = "organization_id";

    /**
     * The predicate as SQL text with one placeholder, for statements rendered once and reused for
     * every tenant; {@link #bind} sets the placeholder.
     */
    public static final String SQL = COLUMN + " = ?";

    private TenantScope() {}

    /** {@code <table>.organization_id = <current tenant>}. */
    public static Condition of(Table<?> table) {
        return column(table).eq(Tenant.current().organizationId());
    }

    public static Field<UUID> column(Table<?> table) {
        return DSL.field(DSL.name(table.getUnqualifiedName().last(), COLUMN), UUID.class);
    }

    /** Binds the current tenant to the placeholder of {@link #SQL} at {@code index}. */
    public static void bind(PreparedStatement statement, int index) throws SQLException {
        statement.setObject(index, Tenant.current().organizationId());
    }

    /** The current tenant's id, for inserts. */
    public static UUID organizationId() {
        return Tenant.current().organizationId();
    }
}
