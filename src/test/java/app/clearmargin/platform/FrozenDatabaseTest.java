package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * API.md §7 Durability: while the database hangs (every PostgreSQL process stopped with SIGSTOP for
 * 20 s) every request gets 503 with Retry-After within 3 s — also twenty at once with one key — and
 * service resumes within a second of SIGCONT, without a restart.
 */
class FrozenDatabaseTest extends EmbeddedDatabaseApiTest {

    private static final Duration FROZEN = Duration.ofSeconds(20);
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(3);

    /**
     * Requests in the first second of the freeze may run on a connection the pool had in use a moment ago
     * (not re-checked within 500 ms): they wait for the socket timeout (statement timeout + 1 s = 4 s).
     */
    private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(5);

    private static final Duration FIRST_SECOND = Duration.ofSeconds(1);

    /** One timed answer; {@code sent} counts from the moment the database froze. */
    private record Timed(String what, Duration sent, int status, String retryAfter, Duration took) {}

    @Test
    void frozenDatabaseAnswers503WithinThreeSecondsAndServiceResumesWithinASecondOfSigcont() throws Exception {
        for (int i = 0; i < 30; i++) { // a warm pool: the frozen database holds connections the pool believes healthy
            assertThat(api.get("/api/clients?limit=1").status()).isEqualTo(200);
        }
        List<Long> frozen = DatabaseProcesses.all(pgDir);
        List<Timed> answers = new ArrayList<>();
        long frozenAt = System.nanoTime();
        DatabaseProcesses.signal("STOP", frozen);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            while (System.nanoTime() - frozenAt < FROZEN.minus(ANSWER_LIMIT).toNanos()) {
                List<Future<Timed>> round = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    round.add(clients.submit(() -> timed("GET with one key", frozenAt, () -> api.get("/api/clients"))));
                }
                round.add(clients.submit(() ->
                        timed("POST", frozenAt, () -> api.post("/api/clients", Map.of("name", "Frozen")))));
                round.add(clients.submit(
                        () -> timed("health", frozenAt, () -> node.api(null).get("/health"))));
                for (Future<Timed> f : round) {
                    answers.add(f.get());
                }
                Thread.sleep(1_000);
            }
        } finally {
            long left = FROZEN.toNanos() - (System.nanoTime() - frozenAt);
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
            DatabaseProcesses.signal("CONT", frozen);
        }
        long resumedAt = System.nanoTime();
        Api.Response after;
        do {
            after = api.get("/api/clients?limit=1");
        } while (after.status() != 200
                && System.nanoTime() - resumedAt < Duration.ofSeconds(10).toNanos());
        Duration toResume = Duration.ofNanos(System.nanoTime() - resumedAt);
        System.out.printf(
                "frozen %s: %d answers, slowest %s (first second) / %s (after), resumed in %s%n",
                FROZEN, answers.size(), slowest(answers, true), slowest(answers, false), toResume);

        assertThat(answers).as("rounds of 22 requests while frozen").hasSizeGreaterThanOrEqualTo(22 * 4);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.what()).isEqualTo(503);
            assertThat(a.retryAfter()).as(a.what() + " Retry-After").isNotNull();
            assertThat(a.took())
                    .as(a.what() + " time to answer")
                    .isLessThan(a.sent().compareTo(FIRST_SECOND) < 0 ? IN_FLIGHT_LIMIT : ANSWER_LIMIT);
        });
        assertThat(after.status()).isEqualTo(200);
        assertThat(toResume).as("from SIGCONT to the first 200").isLessThan(Duration.ofSeconds(1));
        assertThat(api.post("/api/clients?depth=0", Map.of("name", "Thawed")).status())
                .isEqualTo(201);
    }

    private static Duration slowest(List<Timed> answers, boolean firstSecond) {
        return answers.stream()
                .filter(a -> (a.sent().compareTo(FIRST_SECOND) < 0) == firstSecond)
                .map(Timed::took)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    private static Timed timed(String what, long frozenAt, Supplier<Api.Response> request) {
        long start = System.nanoTime();
        Api.Response r = request.get();
        return new Timed(
                what,
                Duration.ofNanos(start - frozenAt),
                r.status(),
                r.header("Retry-After"),
                Duration.ofNanos(System.nanoTime() - start));
    }
}
