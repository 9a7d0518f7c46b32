package app.clearmargin.mail;

import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.support.Api;
import app.clearmargin.support.ExtraNode;
import app.clearmargin.support.TestDatabase;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A second Clearmargin server that mails through SMTP ({@code spring.mail.host}), on a database of
 * its own: the shared test server, which writes .eml files, polls its own outbox and must never
 * deliver this node's mail. Comes with an organization and a full-access key.
 */
final class SmtpNode implements AutoCloseable {

    private final ExtraNode node;
    private final String databaseUrl;
    private final Path dataDir;
    private final Api api;

    private SmtpNode(ExtraNode node, String databaseUrl, Path dataDir) {
        this.node = node;
        this.databaseUrl = databaseUrl;
        this.dataDir = dataDir;
        Organizations organizations = node.bean(Organizations.class);
        ApiKeys keys = node.bean(ApiKeys.class);
        TransactionTemplate tx = node.bean(TransactionTemplate.class);
        Organization org = tx.execute(s -> organizations.create("SMTP agency", "USD", "UTC", false));
        String key = tx.execute(
                        s -> keys.issue(org.id(), "smtp-test", List.of(Scopes.FULL_ACCESS), null, 10_000, false))
                .key();
        this.api = node.api(key);
    }

    static SmtpNode start(int smtpPort) throws IOException {
        String databaseUrl = TestDatabase.get().newDatabase();
        Path dataDir = Files.createTempDirectory("clearmargin-smtp-node");
        ExtraNode node = ExtraNode.start(Map.of(
                "clearmargin.db.url",
                databaseUrl,
                "clearmargin.db.data-dir",
                dataDir.toString(),
                "spring.mail.host",
                "127.0.0.1",
                "spring.mail.port",
                String.valueOf(smtpPort),
                "clearmargin.mail.from",
                "billing@agency.example",
                "clearmargin.mail.poll-ms",
                "500")); // retries are picked up quickly once due
        return new SmtpNode(node, databaseUrl, dataDir);
    }

    Api api() {
        return api;
    }

    /** Sends this node's due mail now, after a drain in progress; returns how many messages it attempted. */
    int deliverDue() {
        return node.bean(MailSender.class).deliverDue();
    }

    /** The bytes of {@code GET /api/<collection>/<id>/pdf} for {@code document}. */
    byte[] pdf(String collection, JsonNode document) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/" + collection + "/"
                        + document.get("id").asString() + "/pdf"))
                .header("Authorization", "Bearer " + api.key())
                .GET()
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET pdf answered " + r.statusCode());
            }
            return r.body();
        }
    }

    /** Plain SQL on this node's database (fault injection). */
    void sql(String statement) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The single number a query answers (outbox inspection). */
    long count(String query) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        TestDatabase db = TestDatabase.get();
        return DriverManager.getConnection(databaseUrl, db.user(), db.password());
    }

    @Override
    public void close() throws IOException {
        node.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
