package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ExtraNode;
import app.clearmargin.support.TestDatabase;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API.md §7: {@code /health} answers UP only once the server is ready to serve, the demo key file
 * written; before that it is 503 {@code {"status":"DOWN"}} with Retry-After.
 */
class HealthReadinessTest {

    @TempDir
    Path dataDir;

    @Test
    void healthIsUpOnlyOnceTheDemoKeyFileIsWritten() throws Exception {
        int port = freePort();
        Path keyFile = dataDir.resolve("demo-api-key");
        CompletableFuture<ExtraNode> node = CompletableFuture.supplyAsync(() -> ExtraNode.start(Map.of(
                "server.port", Integer.toString(port),
                "clearmargin.demo.enabled", "true",
                "clearmargin.db.url", TestDatabase.get().newDatabase(),
                "clearmargin.db.data-dir", dataDir.toString())));
        try {
            Api health = new Api("http://127.0.0.1:" + port, null);
            Api.Response down = null;
            boolean up = false;
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < deadline && !node.isCompletedExceptionally()) {
                Api.Response r;
                try {
                    r = health.get("/health");
                } catch (UncheckedIOException notListeningYet) {
                    Thread.sleep(20);
                    continue;
                }
                if (r.status() == 200) {
                    assertThat(keyFile)
                            .as("the demo key file when /health first says UP")
                            .exists();
                    up = true;
                    break;
                }
                down = r;
                Thread.sleep(20);
            }
            assertThat(up).as("/health said UP within 3 minutes").isTrue();
            assertThat(down).as("a DOWN answer while starting").isNotNull();
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("status").asString()).isEqualTo("DOWN");
            assertThat(down.header("Retry-After")).matches("[1-9][0-9]*");
            assertThat(node.join()).isNotNull();
        } finally {
            node.thenAccept(ExtraNode::close).join();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
