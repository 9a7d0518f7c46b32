package app.clearmargin.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.support.ApiTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A load window drops a table's secondary indexes and foreign keys and puts back exactly what was there. */
class LoadWindowTest extends ApiTest {

    @Autowired
    DataSource dataSource;

    @Test
    void restoresIndexesAndForeignKeysExactly() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS lw_child, lw_parent");
            s.execute("CREATE TABLE lw_parent (org uuid, id int, PRIMARY KEY (org, id))");
            s.execute("CREATE TABLE lw_child (org uuid, id int, parent int, day date, PRIMARY KEY (org, id), "
                    + "UNIQUE (org, day, id), FOREIGN KEY (org, parent) REFERENCES lw_parent (org, id))");
            s.execute("CREATE INDEX lw_child_parent_day ON lw_child (org, parent, day DESC)");
            s.execute("CREATE INDEX lw_child_recent ON lw_child (org, day) WHERE day > '2020-01-01'");
            List<String> before = definitions(s);

            LoadWindow window = LoadWindow.open(dataSource, "lw_child");
            // only the primary key and the unique constraint stay during the load
            assertThat(definitions(s)).hasSize(2).allMatch(d -> d.contains("UNIQUE") || d.contains("pkey"));
            s.execute("INSERT INTO lw_parent VALUES ('00000000-0000-0000-0000-000000000001', 1)");
            s.execute("INSERT INTO lw_child VALUES ('00000000-0000-0000-0000-000000000001', 1, 1, '2024-01-02')");
            window.close();
            assertThat(definitions(s)).isEqualTo(before);

            // the restored foreign key checks again
            assertThatThrownBy(() ->
                            s.execute("INSERT INTO lw_child VALUES ('00000000-0000-0000-0000-000000000001', 2, 99, "
                                    + "'2024-01-02')"))
                    .hasMessageContaining("foreign key");
            s.execute("DROP TABLE lw_child, lw_parent");
        }
    }

    @Test
    void refusesToRestoreAForeignKeyTheLoadBroke() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS lw_child2, lw_parent2");
            s.execute("CREATE TABLE lw_parent2 (id int PRIMARY KEY)");
            s.execute("CREATE TABLE lw_child2 (id int PRIMARY KEY, parent int REFERENCES lw_parent2 (id))");
            LoadWindow window = LoadWindow.open(dataSource, "lw_child2");
            s.execute("INSERT INTO lw_child2 VALUES (1, 42)");
            assertThatThrownBy(window::close).hasMessageContaining("foreign key");
            s.execute("DROP TABLE lw_child2, lw_parent2");
        }
    }

    private static List<String> definitions(Statement s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet r =
                s.executeQuery("SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE tablename = 'lw_child' "
                        + "UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                        + "WHERE conrelid = 'lw_child'::regclass AND contype = 'f' ORDER BY 1")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
