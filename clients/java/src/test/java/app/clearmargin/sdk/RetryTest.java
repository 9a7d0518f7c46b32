package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries against a scripted local server: the answers are exactly what the test needs. */
class RetryTest {

    record Answer(int status, String retryAfter, String body) {}

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> idempotencyKeys = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            idempotencyKeys.add(String.valueOf(ex.getRequestHeaders().getFirst("Idempotency-Key")));
            Answer a = answers.isEmpty() ? new Answer(500, "", "{}") : answers.poll();
            if (!a.retryAfter().isEmpty()) {
                ex.getResponseHeaders().add("Retry-After", a.retryAfter());
            }
            ex.getResponseHeaders().add("X-Request-Id", "req_test");
            byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Clearmargin client(int maxRetries) {
        Clearmargin.Builder b = Clearmargin.builder()
                .apiKey("sk_test_x")
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .maxRetries(maxRetries);
        return b.sleeper(waits::add).build();
    }

    private static final String TOO_MANY = "{\"errors\":[{\"message\":\"Too many requests.\"}]}";
    private static final String CREATED = "{\"doc\":{\"id\":\"client_1\",\"name\":\"Acme\"},\"message\":\"Client successfully created.\"}";

    @Test
    void a429IsRetriedAfterRetryAfterWithTheSameIdempotencyKey() {
        answers.add(new Answer(429, "3", TOO_MANY));
        answers.add(new Answer(503, "1", "{\"errors\":[{\"message\":\"Service unavailable.\"}]}"));
        answers.add(new Answer(201, "", CREATED));
        assertEquals("client_1", client(2).clients().create(Map.of("name", "Acme")).id());
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(1)), waits);
        assertEquals(3, idempotencyKeys.size());
        assertEquals(1, idempotencyKeys.stream().distinct().count());
    }

    @Test
    void retriesAreBoundedAndTheLast429IsThrownWithItsRetryAfter() {
        answers.add(new Answer(429, "1", TOO_MANY));
        answers.add(new Answer(429, "1", TOO_MANY));
        ClearmarginException e = assertThrows(ClearmarginException.class, () -> client(1).clients().list());
        assertEquals(429, e.status());
        assertEquals(1L, e.retryAfterSeconds());
        assertEquals("req_test", e.requestId());
        assertEquals(1, waits.size());
    }

    @Test
    void aRetryAfterLongerThanTheBoundIsNotWaitedFor() {
        answers.add(new Answer(429, "3600", TOO_MANY));
        ClearmarginException e = assertThrows(ClearmarginException.class, () -> client(3).clients().list());
        assertEquals(429, e.status());
        assertEquals(List.of(), waits);
    }

    @Test
    void anIdempotencyKeyGivenByTheCallerIsSent() {
        answers.add(new Answer(201, "", CREATED));
        client(0).clients().create(Map.of("name", "Acme"), RequestOptions.idempotencyKey("order-42"));
        assertEquals(List.of("order-42"), idempotencyKeys);
    }
}
