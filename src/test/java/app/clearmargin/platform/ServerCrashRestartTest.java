package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.Clearmargin;
import app.clearmargin.support.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API.md §7 Durability: a server killed with kill -9 starts again with the same command. Its PostgreSQL
 * outlives it (it runs in its own process); the next start shuts that orphan down cleanly before
 * starting its own, and every acknowledged write is there.
 */
class ServerCrashRestartTest {

    @TempDir
    Path dataDir;

    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        servers.forEach(Process::destroyForcibly);
        Postmaster.of(dataDir.resolve("pg")).filter(Postmaster::running).ifPresent(pm -> {
            pm.requestImmediateShutdown();
            pm.awaitExit(Duration.ofSeconds(30));
        });
    }

    @Test
    void serverKilledWithKill9StartsAgainWithTheSameCommandAndKeepsEveryWrite() throws Exception {
        int port = freePort();
        Process first = startServer(port, "first");
        String key = Files.readString(dataDir.resolve("demo-api-key")).trim();
        Api api = new Api("http://127.0.0.1:" + port, key);
        Postmaster orphan = DatabaseProcesses.postmaster(dataDir.resolve("pg").toAbsolutePath());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                writers.submit(() -> {
                    try {
                        while (true) {
                            Api.Response r = api.post("/api/clients?depth=0", Map.of("name", "Before the crash"));
                            answered.incrementAndGet();
                            if (r.status() == 201) {
                                acknowledged.add(r.doc().get("id").asString());
                            }
                        }
                    } catch (RuntimeException connectionLost) {
                        return; // the server is gone
                    }
                });
            }
            DatabaseProcesses.awaitTrue(Duration.ofSeconds(60), "300 writes answered", () -> answered.get() >= 300);
            first.destroyForcibly().waitFor(); // kill -9 in the middle of the burst
        }
        List<String> written = List.copyOf(acknowledged);

        assertThat(orphan.running()).as("PostgreSQL outlives its killed server").isTrue();

        Process second = startServer(port, "second");
        assertThat(orphan.running())
                .as("the orphan was shut down before the new PostgreSQL started")
                .isFalse();
        Postmaster current = DatabaseProcesses.postmaster(dataDir.resolve("pg").toAbsolutePath());
        assertThat(current.pid()).isNotEqualTo(orphan.pid());
        assertThat(current.running()).isTrue();
        List<String> lost = written.stream()
                .filter(id -> api.get("/api/clients/" + id + "?depth=0").status() != 200)
                .toList();
        System.out.printf(
                "server killed mid-burst: %d writes answered, %d acknowledged, %d lost%n",
                answered.get(), written.size(), lost.size());
        assertThat(lost)
                .as("acknowledged writes missing after kill -9 of the server (of %d)", written.size())
                .isEmpty();
        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir.resolve("pg")))
                .as("a second server on the same data directory")
                .hasMessageContaining("Another Clearmargin server is using");

        second.destroy(); // SIGTERM: a clean stop takes its PostgreSQL down with it
        assertThat(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(current.running()).as("PostgreSQL after a clean stop").isFalse();
        assertThat(Postmaster.of(dataDir.resolve("pg")))
                .as("postmaster.pid after a clean stop")
                .isEmpty();
    }

    /** The server's main class as {@code ./mvnw spring-boot:run} starts it, on this data directory; returns once healthy. */
    private Process startServer(int port, String name) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Clearmargin.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CLEARMARGIN_"));
        pb.environment().put("CLEARMARGIN_DATA_DIR", dataDir.toString());
        pb.environment().put("PORT", Integer.toString(port));
        Process p = pb.start();
        servers.add(p);
        Api health = new Api("http://127.0.0.1:" + port, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError(name + " server exited:\n" + Files.readString(log));
            }
            try {
                if (health.get("/health").status() == 200 && Files.exists(dataDir.resolve("demo-api-key"))) {
                    return p;
                }
            } catch (RuntimeException notYetListening) {
                // connection refused until Tomcat is up
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " server not healthy within 180 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
