package app.clearmargin.mail;

import app.clearmargin.Clearmargin;
import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.support.Api;
import app.clearmargin.support.TestDatabase;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A second Clearmargin server in this JVM that mails through SMTP ({@code spring.mail.host}), on a
 * database of its own on the test PostgreSQL server: the shared test server, which writes .eml files,
 * polls its own outbox and must never deliver this node's mail.
 */
final class SmtpNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String databaseName;
    private final String databaseUrl;
    private final Api api;

    private SmtpNode(ConfigurableApplicationContext context, String databaseName, String databaseUrl) {
        this.context = context;
        this.databaseName = databaseName;
        this.databaseUrl = databaseUrl;
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        Organizations organizations = context.getBean(Organizations.class);
        ApiKeys keys = context.getBean(ApiKeys.class);
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        Organization org = tx.execute(s -> organizations.create("SMTP agency", "USD", "UTC", false));
        String key = tx.execute(s -> keys.issue(org.id(), "smtp-test", List.of(Scopes.FULL_ACCESS), null, 10_000, false)).key();
        this.api = new Api("http://127.0.0.1:" + port, key);
    }

    static SmtpNode start(int smtpPort) throws Exception {
        TestDatabase db = TestDatabase.get();
        String name = "cm_smtp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(db.url(), db.user(), db.password(), "CREATE DATABASE " + name);
        String url = withDatabase(db.url(), name);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("clearmargin.db.url", url);
        properties.put("clearmargin.db.user", db.user());
        properties.put("clearmargin.db.password", db.password());
        properties.put("clearmargin.db.pool-size", "5");
        properties.put("clearmargin.db.data-dir", Files.createTempDirectory("clearmargin-smtp-node").toString());
        properties.put("clearmargin.testing", "true");
        properties.put("clearmargin.demo.enabled", "false");
        properties.put("db-scheduler.enabled", "false");
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(smtpPort));
        properties.put("clearmargin.mail.from", "billing@agency.example");
        properties.put("clearmargin.mail.poll-ms", "500"); // retries are picked up quickly once due
        properties.put("logging.level.root", "WARN");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jmx.enabled", "false"); // a second context in one JVM must not fight over JMX names
        // as command-line arguments: builder "properties" are defaults, which application.properties overrides
        // (clearmargin.db.url=${CLEARMARGIN_DB_URL:} would silently start an embedded database instead)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Clearmargin.class).run(args);
        return new SmtpNode(context, name, url);
    }

    Api api() {
        return api;
    }

    /** Plain SQL on this node's database (fault injection, outbox inspection). */
    void sql(String statement) throws SQLException {
        TestDatabase db = TestDatabase.get();
        execute(databaseUrl, db.user(), db.password(), statement);
    }

    long count(String query) throws SQLException {
        TestDatabase db = TestDatabase.get();
        try (Connection c = DriverManager.getConnection(databaseUrl, db.user(), db.password());
                Statement s = c.createStatement();
                var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Path dataDir() {
        return Path.of(context.getEnvironment().getRequiredProperty("clearmargin.db.data-dir"));
    }

    @Override
    public void close() throws SQLException {
        context.close();
        TestDatabase db = TestDatabase.get();
        execute(db.url(), db.user(), db.password(), "DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The JDBC URL of another database on the same server. */
    static String withDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
