package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ExtraNode;
import app.clearmargin.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API.md §6 first run: on an empty database the server creates a demo organization and a ready
 * {@code sk_test_} key, printed and written to {@code <dataDir>/demo-api-key}; a later start reuses
 * both. (The demo data itself is checked where it is built.)
 */
class FirstRunTest {

    @TempDir
    Path dataDir;

    @Test
    void firstStartCreatesADemoOrganizationAndAWorkingTestKeyThatTheNextStartReuses() throws Exception {
        String emptyDatabase = TestDatabase.get().newDatabase();
        Path keyFile = dataDir.resolve("demo-api-key");
        Map<String, String> demo = Map.of(
                "clearmargin.demo.enabled",
                "true",
                "clearmargin.db.url",
                emptyDatabase,
                "clearmargin.db.data-dir",
                dataDir.toString());

        String firstKey;
        String demoOrganization;
        try (ExtraNode first = ExtraNode.start(demo)) {
            assertThat(keyFile).exists();
            firstKey = Files.readString(keyFile).trim();
            assertThat(firstKey).matches("sk_test_[0-9A-Za-z]{32}");
            Api.Response org = first.api(firstKey).get("/api/organization");
            assertThat(org.status()).isEqualTo(200);
            demoOrganization = org.json().get("id").asString();
            assertThat(first.api(firstKey).get("/api/clients").status()).isEqualTo(200);
        }
        assertThat(demoOrganizations(emptyDatabase)).isEqualTo(1);

        try (ExtraNode second = ExtraNode.start(demo)) {
            assertThat(Files.readString(keyFile).trim()).isEqualTo(firstKey);
            Api.Response org = second.api(firstKey).get("/api/organization");
            assertThat(org.status()).isEqualTo(200);
            assertThat(org.json().get("id").asString()).isEqualTo(demoOrganization);
        }
        assertThat(demoOrganizations(emptyDatabase)).isEqualTo(1);
        assertThat(apiKeys(emptyDatabase)).as("no second demo key issued").isEqualTo(1);
    }

    private static int demoOrganizations(String url) throws Exception {
        return count(url, "SELECT count(*) FROM organizations WHERE demo");
    }

    private static int apiKeys(String url) throws Exception {
        return count(url, "SELECT count(*) FROM api_keys");
    }

    private static int count(String url, String sql) throws Exception {
        TestDatabase db = TestDatabase.get();
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
