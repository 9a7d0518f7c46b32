package app.clearmargin.collections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Installs the row-count triggers of V004 ({@code count_inserted_rows}, {@code count_deleted_rows})
 * on every collection table that lacks them, so a migration that adds a collection's table need not
 * copy them: without them an unfiltered count is 0 and the list comes back empty.
 *
 * <p>A table gets its missing triggers and its deltas rebuilt from a {@code count(*)} in one
 * transaction: {@code CREATE TRIGGER} locks out writers until the commit, so the count is exact and
 * every later write is counted by the triggers. Nodes starting together serialize on an advisory lock
 * and re-read what is missing once they hold it, so each table is seeded once. When nothing is missing
 * (every start but the first after such a migration) it is one catalog query and takes no lock.
 */
final class RowCountTriggers {

    static final String INSERT_FUNCTION = "count_inserted_rows";
    static final String DELETE_FUNCTION = "count_deleted_rows";
    /** Any constant, distinct from Flyway's lock; held until the installing transaction ends. */
    private static final long LOCK = 0x636d5f636f756e74L;

    private RowCountTriggers() {}

    /** A table lacking one or both of its count triggers. */
    record Missing(String table, boolean insert, boolean delete) {}

    /** The collection tables (of those that exist) missing their insert or delete count trigger. */
    static List<Missing> missing(DSLContext db, Collection<String> tables) {
        return db
                .resultQuery(
                        """
                SELECT t.name,
                       NOT EXISTS (SELECT FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                                   WHERE g.tgrelid = to_regclass(quote_ident(t.name)) AND p.proname = {1}
                                     AND g.tgenabled IN ('O', 'A')),
                       NOT EXISTS (SELECT FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                                   WHERE g.tgrelid = to_regclass(quote_ident(t.name)) AND p.proname = {2}
                                     AND g.tgenabled IN ('O', 'A'))
                FROM unnest({0}::text[]) AS t(name)
                WHERE to_regclass(quote_ident(t.name)) IS NOT NULL
                ORDER BY t.name""",
                        DSL.val(tables.toArray(String[]::new)),
                        DSL.inline(INSERT_FUNCTION),
                        DSL.inline(DELETE_FUNCTION))
                .fetch(r -> new Missing(r.get(0, String.class), r.get(1, Boolean.class), r.get(2, Boolean.class)))
                .stream()
                .filter(m -> m.insert() || m.delete())
                .toList();
    }

    /**
     * Installs what is missing; call inside a transaction. Returns the tables it installed triggers
     * on (empty when another node did it first).
     */
    static List<String> installMissing(DSLContext db, Collection<String> tables) {
        if (missing(db, tables).isEmpty()) {
            return List.of();
        }
        db.execute("SELECT pg_advisory_xact_lock({0})", DSL.inline(LOCK));
        db.execute("SET LOCAL statement_timeout = 0"); // counting a big table may take a while, once
        List<String> installed = new ArrayList<>();
        for (Missing m : missing(db, tables)) {
            install(db, m);
            installed.add(m.table());
        }
        return installed;
    }

    private static void install(DSLContext db, Missing m) {
        String table = m.table();
        if (m.insert()) {
            db.execute(
                    "CREATE OR REPLACE TRIGGER {0} AFTER INSERT ON {1} REFERENCING NEW TABLE AS inserted "
                            + "FOR EACH STATEMENT EXECUTE FUNCTION " + INSERT_FUNCTION + "()",
                    DSL.name(table + "_count_insert"),
                    DSL.name(table));
            db.execute("ALTER TABLE {0} ENABLE TRIGGER {1}", DSL.name(table), DSL.name(table + "_count_insert"));
        }
        if (m.delete()) {
            db.execute(
                    "CREATE OR REPLACE TRIGGER {0} AFTER DELETE ON {1} REFERENCING OLD TABLE AS deleted "
                            + "FOR EACH STATEMENT EXECUTE FUNCTION " + DELETE_FUNCTION + "()",
                    DSL.name(table + "_count_delete"),
                    DSL.name(table));
            db.execute("ALTER TABLE {0} ENABLE TRIGGER {1}", DSL.name(table), DSL.name(table + "_count_delete"));
        }
        // CREATE TRIGGER locked the table against writes until commit: its rows are exactly what to count
        db.execute("DELETE FROM row_count_deltas WHERE table_name = {0}", DSL.val(table));
        db.execute(
                "INSERT INTO row_count_deltas (organization_id, table_name, delta) "
                        + "SELECT organization_id, {0}, count(*) FROM {1} GROUP BY organization_id",
                DSL.val(table), DSL.name(table));
    }
}
