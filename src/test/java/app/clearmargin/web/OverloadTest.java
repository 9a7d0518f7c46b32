package app.clearmargin.web;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.ExtraNode;
import app.clearmargin.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Past saturation a request is turned away at once with a 503 and {@code Retry-After}, untouched,
 * instead of queueing without bound (docs/operations.md, Overload). A node that admits two requests
 * at work and one waiting; two writes held by a row lock taken elsewhere fill its places.
 */
class OverloadTest extends ApiTest {

    private static final Pattern AT_WORK = Pattern.compile("(?m)^clearmargin_http_requests_at_work\\S* (\\S+)$");
    private static final Pattern REJECTED =
            Pattern.compile("(?m)^clearmargin_http_requests_rejected_total\\S* (\\S+)$");

    private ExtraNode node;
    private Api nodeApi;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startSmallNode() {
        node = ExtraNode.start(Map.of(
                "clearmargin.http.max-concurrent-requests", "2",
                "clearmargin.http.max-waiting-requests", "1",
                "clearmargin.http.max-wait", "300ms"));
        nodeApi = new Api(node.base(), api.key());
    }

    @AfterAll
    void stopSmallNode() {
        node.close();
    }

    @Test
    void aRequestPastTheAdmittedOnesIsAnswered503WithRetryAfterAndChangesNothing() throws Exception {
        String id = createId("clients", Map.of("name", "Held by a lock"));
        UUID uuid = Ids.parse(id.substring(0, id.indexOf('_')), id).orElseThrow();
        double rejectedBefore = metric(REJECTED);
        try (Connection other = TestDatabase.get().connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select 1 from clients where id = ? for update")) {
                lock.setObject(1, uuid);
                lock.executeQuery().close();
            }
            // two writes wait for the lock (up to its 2 s timeout) and hold both places
            var first = CompletableFuture.supplyAsync(() -> nodeApi.patch("/api/clients/" + id, Map.of("name", "A")));
            var second = CompletableFuture.supplyAsync(() -> nodeApi.patch("/api/clients/" + id, Map.of("name", "B")));
            awaitAtWork(2);

            long start = System.nanoTime();
            Api.Response turnedAway = nodeApi.post("/api/clients", Map.of("name", "Turned away"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertError(turnedAway, 503);
            assertThat(turnedAway.errorMessage())
                    .startsWith("The server is busy")
                    .contains("nothing was changed");
            assertThat(turnedAway.header("Retry-After")).isEqualTo("1");
            assertThat(turnedAway.header(RequestIds.HEADER)).isNotBlank();
            assertThat(took).as("a bounded wait, not a queue").isLessThan(Duration.ofMillis(1900));
            assertThat(get("/health").statusCode())
                    .as("a saturated node still answers its health check")
                    .isEqualTo(200);
            assertThat(metric(REJECTED)).isEqualTo(rejectedBefore + 1);

            other.rollback();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        }
        assertThat(nodeApi.get("/api/clients?where[name][equals]=Turned%20away")
                        .json()
                        .at("/totalDocs")
                        .asInt())
                .as("the turned-away create was never started")
                .isZero();
        assertThat(nodeApi.post("/api/clients", Map.of("name", "Once there is room"))
                        .status())
                .isEqualTo(201);
    }

    private void awaitAtWork(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metric(AT_WORK) < expected) {
            assertThat(System.nanoTime()).as("%d requests at work", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private double metric(Pattern line) throws Exception {
        Matcher m = line.matcher(get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(node.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
