package app.clearmargin.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A table opened for a very large load: its secondary indexes and foreign keys are dropped, and put
 * back by {@link #close()} — indexes rebuilt in one sort each, foreign keys checked in one query
 * each — which is far cheaper than maintaining them row by row. The primary key stays, so ids are
 * still checked for uniqueness as rows arrive. The definitions are printed before anything is
 * dropped, so they can be restored by hand should the process be killed mid-load.
 */
final class LoadWindow implements AutoCloseable {

    private record Definition(String name, String sql) {}

    private final DataSource dataSource;
    private final List<Definition> indexes;
    private final List<Definition> foreignKeys;

    private LoadWindow(DataSource dataSource, List<Definition> indexes, List<Definition> foreignKeys) {
        this.dataSource = dataSource;
        this.indexes = indexes;
        this.foreignKeys = foreignKeys;
    }

    static LoadWindow open(DataSource dataSource, String table) throws SQLException {
        List<Definition> indexes = new ArrayList<>();
        List<Definition> foreignKeys = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT i.relname, pg_get_indexdef(i.oid)
                    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                    WHERE x.indrelid = ?::regclass
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid AND k.contype IN ('p', 'u', 'x'))
                    ORDER BY i.relname""")) {
                s.setString(1, table);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        indexes.add(new Definition(r.getString(1), r.getString(2)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname""")) {
                s.setString(1, table);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        foreignKeys.add(new Definition(
                                r.getString(1),
                                "ALTER TABLE " + table + " ADD CONSTRAINT " + quote(r.getString(1)) + " "
                                        + r.getString(2)));
                    }
                }
            }
            LoadWindow window = new LoadWindow(dataSource, indexes, foreignKeys);
            System.err.println(
                    "seed: dropping " + indexes.size() + " indexes and " + foreignKeys.size() + " foreign keys of "
                            + table
                            + " for the load; they are restored at the end. Should this process die first, restore them with:\n"
                            + String.join(";\n", window.restoreStatements()) + ";");
            try (Statement s = c.createStatement()) {
                for (Definition fk : foreignKeys) {
                    s.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + quote(fk.name()));
                }
                for (Definition index : indexes) {
                    s.execute("DROP INDEX " + quote(index.name()));
                }
            }
            c.commit();
            return window;
        }
    }

    private List<String> restoreStatements() {
        List<String> out = new ArrayList<>();
        indexes.forEach(i -> out.add(i.sql()));
        foreignKeys.forEach(f -> out.add(f.sql()));
        return out;
    }

    /** Rebuilds the indexes and re-adds (and so re-checks) the foreign keys. */
    @Override
    public void close() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("SET maintenance_work_mem = '256MB'"); // this session only, for the index sorts
            try {
                for (String sql : restoreStatements()) {
                    s.execute(sql);
                }
            } finally {
                s.execute("RESET maintenance_work_mem");
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
