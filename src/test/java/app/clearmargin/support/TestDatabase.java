package app.clearmargin.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PostgreSQL database per test JVM. With {@code CLEARMARGIN_DB_URL} set (CI, this machine's
 * service) a fresh database is created on that server and dropped at exit; otherwise an embedded
 * PostgreSQL is started in a temporary directory.
 */
public final class TestDatabase {

    private static final Pattern HOST_AND_PORT = Pattern.compile("//([^:/?]+)(?::(\\d+))?");
    private static TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Host of the database server, as written in the JDBC URL. */
    public String host() {
        return address().group(1);
    }

    /** Port of the database server (5432 when the URL names none). */
    public int port() {
        String port = address().group(2);
        return port == null ? 5432 : Integer.parseInt(port);
    }

    /** The JDBC URL of this database reached at another address (a proxy in front of the server). */
    public String urlVia(String host, int port) {
        Matcher m = address();
        return url.substring(0, m.start(1)) + host + ":" + port + url.substring(m.end());
    }

    /**
     * A new, empty database on the same server (dropped at exit), for tests that need a database no
     * other test class has written to, such as the first start of a server.
     */
    public String newDatabase() {
        String name = "cm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(url, user, password, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(url, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort: a leftover test database is harmless
            }
        }));
        return replaceDatabase(url, name);
    }

    private Matcher address() {
        Matcher m = HOST_AND_PORT.matcher(url);
        if (!m.find()) {
            throw new IllegalStateException("no host in " + url);
        }
        return m;
    }

    private static TestDatabase start() {
        String external = System.getenv("CLEARMARGIN_DB_URL");
        if (external != null && !external.isBlank()) {
            String user = env("CLEARMARGIN_DB_USER", "postgres");
            String password = env("CLEARMARGIN_DB_PASSWORD", "");
            String name =
                    "cm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute(external, user, password, "CREATE DATABASE " + name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    execute(external, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } catch (RuntimeException ignored) {
                    // best effort: a leftover test database is harmless
                }
            }));
            return new TestDatabase(replaceDatabase(external, name), user, password);
        }
        try {
            Path dir = Files.createTempDirectory("clearmargin-test-pg");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return new TestDatabase(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + database + params;
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + url, e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
