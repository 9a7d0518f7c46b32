package app.clearmargin.platform;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The serving pool's bounded waits (docs/operations.md, Timeouts): a blocked request ends in a 503, never a hang. */
class DatabaseTimeoutsTest extends ApiTest {

    @Autowired
    DataSource dataSource;

    @Test
    void writeBlockedByARowLockHeldElsewhereAnswers503AfterTheLockTimeout() throws Exception {
        String id = createId("clients", Map.of("name", "Locked elsewhere"));
        UUID uuid = Ids.parse(id.substring(0, id.indexOf('_')), id).orElseThrow();
        try (Connection other = TestDatabase.get().connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select 1 from clients where id = ? for update")) {
                lock.setObject(1, uuid);
                lock.executeQuery().close();
            }
            long start = System.nanoTime();
            Api.Response r = api.patch("/api/clients/" + id, Map.of("name", "Renamed while locked"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertError(r, 503);
            assertThat(r.json().at("/errors/0/message").asString())
                    .as("the lock, not an unreachable database")
                    .startsWith("Another request is changing the same data");
            assertThat(r.header("Retry-After")).isNotNull();
            assertThat(took)
                    .isGreaterThanOrEqualTo(DatabaseConfiguration.LOCK.minusMillis(100))
                    .isLessThan(Duration.ofSeconds(3));
            other.rollback();
        }
        assertThat(api.patch("/api/clients/" + id, Map.of("name", "Renamed after"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void servingConnectionsCarryStatementLockAndIdleInTransactionTimeouts() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            assertThat(show(s, "statement_timeout")).isEqualTo("3s");
            assertThat(show(s, "lock_timeout")).isEqualTo("2s");
            assertThat(show(s, "idle_in_transaction_session_timeout")).isEqualTo("10s");
        }
    }

    private static String show(Statement s, String setting) throws Exception {
        try (ResultSet r = s.executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }
}
