package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * API.md §7 Durability, with the server's own embedded PostgreSQL: every write answered 2xx survives
 * kill -9 of every database process, and a postmaster that dies while the server runs is started again
 * (health recovers without restarting Java).
 */
class EmbeddedDatabaseCrashTest extends EmbeddedDatabaseApiTest {

    private static final int WRITERS = 16;
    private static final int WRITES = 1_200;

    @Test
    void embeddedDatabaseRunsWithFsyncSynchronousCommitAndFullPageWrites() throws SQLException {
        try (Connection c = node.bean(DataSource.class).getConnection();
                Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet r = s.executeQuery("SHOW " + setting)) {
                    r.next();
                    assertThat(r.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void noAcknowledgedWriteIsLostWhenEveryDatabaseProcessIsKilledMidBurst() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Integer> otherStatuses = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        List<Long> killed = new ArrayList<>();
        try (ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                running.add(writers.submit(() -> {
                    while (sent.incrementAndGet() <= WRITES) {
                        Api.Response r = api.post("/api/clients?depth=0", Map.of("name", "Burst " + sent.get()));
                        answered.incrementAndGet();
                        if (r.status() == 201) {
                            acknowledged.add(r.doc().get("id").asString());
                        } else {
                            otherStatuses.add(r.status());
                            sleep(50);
                        }
                    }
                    return null;
                }));
            }
            DatabaseProcesses.awaitTrue(Duration.ofSeconds(60), "300 writes answered", () -> answered.get() >= 300);
            killed.addAll(DatabaseProcesses.all(pgDir));
            DatabaseProcesses.signal("KILL", killed);
            for (Future<?> f : running) {
                f.get();
            }
        }
        assertThat(killed).as("the postmaster and its backends").hasSizeGreaterThan(3);
        assertThat(answered.get()).isGreaterThanOrEqualTo(WRITES);
        assertThat(otherStatuses)
                .as("writes the outage refused: 503 only, never 500")
                .isNotEmpty()
                .containsOnly(503);
        assertThat(acknowledged)
                .as("writes acknowledged after the database was started again")
                .hasSizeGreaterThan(WRITES / 2);

        List<String> missing = missing(acknowledged);
        System.out.printf(
                "database killed mid-burst (%d processes): %d writes answered, %d acknowledged, %d lost, %d × 503%n",
                killed.size(), answered.get(), acknowledged.size(), missing.size(), otherStatuses.size());
        assertThat(missing)
                .as("acknowledged writes missing after the crash (of %d)", acknowledged.size())
                .isEmpty();
    }

    @Test
    void postmasterKilledWhileServingIsStartedAgainAndHealthRecovers() {
        Api anonymous = node.api(null);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        long before = DatabaseProcesses.postmaster(pgDir).pid();

        DatabaseProcesses.killPostmaster(pgDir);

        DatabaseProcesses.awaitTrue(
                Duration.ofSeconds(60),
                "a new postmaster",
                () -> Postmaster.of(pgDir)
                        .filter(p -> p.pid() != before && p.running())
                        .isPresent());
        DatabaseProcesses.awaitTrue(
                Duration.ofSeconds(30),
                "health UP again",
                () -> anonymous.get("/health").status() == 200);
        assertThat(api.post("/api/clients?depth=0", Map.of("name", "After the restart"))
                        .status())
                .isEqualTo(201);
    }

    private List<String> missing(Set<String> ids) throws SQLException {
        UUID[] uuids = ids.stream()
                .map(id -> Ids.parse(id.substring(0, id.indexOf('_')), id).orElseThrow())
                .toArray(UUID[]::new);
        try (Connection c = node.bean(DataSource.class).getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select x from unnest(?::uuid[]) x where not exists (select 1 from clients where id = x)")) {
            s.setArray(1, c.createArrayOf("uuid", uuids));
            List<String> gone = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    gone.add(r.getString(1));
                }
            }
            return gone;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
