package app.clearmargin.ratelimit;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API.md §1 and §7 Rate limit on one node: headers on every authenticated answer, a token bucket of
 * {@code rateLimitPerMinute} per key, 429 with Retry-After that executes nothing and takes no token.
 */
class RateLimitTest extends ApiTest {

    @Test
    void everyAuthenticatedAnswerCarriesTheRateLimitHeaders() {
        Api key = keyWith(List.of("full_access"), 500);
        Api readOnly = keyWith(List.of("read_only"), 500);
        String clientId = createId("clients", Map.of("name", "Headers"));

        List<Api.Response> answers = List.of(
                key.get("/api/clients"),
                key.post("/api/clients?depth=0", Map.of("name", "Header check")),
                key.post("/api/clients", Map.of("email", "not an email")),
                key.get("/api/clients/client_00000000000000000000000000"),
                key.send("PUT", "/api/clients/" + clientId, "{}", "application/json"),
                readOnly.post("/api/clients", Map.of("name", "Refused")));

        assertThat(answers).extracting(Api.Response::status).containsExactly(200, 201, 400, 404, 405, 403);
        long now = System.currentTimeMillis() / 1000;
        for (Api.Response r : answers) {
            assertThat(r.header("X-RateLimit-Limit")).as("limit on %s", r).isEqualTo("500");
            assertThat(Long.parseLong(r.header("X-RateLimit-Remaining")))
                    .as("remaining on %s", r)
                    .isBetween(0L, 499L);
            assertThat(Long.parseLong(r.header("X-RateLimit-Reset")))
                    .as("reset on %s", r)
                    .isBetween(now, now + 61);
        }
    }

    @Test
    void remainingCountsDownByOnePerRequestWhateverTheOutcome() {
        // 10 a minute refills one token every 6 s: five quick requests see no refill
        Api key = keyWith(List.of("clients:read"), 10);

        List<String> remaining = new ArrayList<>();
        remaining.add(key.get("/api/clients").header("X-RateLimit-Remaining"));
        remaining.add(key.get("/api/projects").header("X-RateLimit-Remaining")); // 403
        remaining.add(key.get("/api/clients/nope").header("X-RateLimit-Remaining")); // 404
        remaining.add(key.get("/api/clients?limit=0").header("X-RateLimit-Remaining")); // 400
        remaining.add(key.get("/api/clients").header("X-RateLimit-Remaining"));

        assertThat(remaining).containsExactly("9", "8", "7", "6", "5");
    }

    @Test
    void exhaustedKeyGets429WithRetryAfterAndNothingExecutes() {
        Api key = keyWith(List.of("full_access"), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(key.get("/api/clients").status()).isEqualTo(200);
        }

        Api.Response refused = key.post("/api/clients", Map.of("name", "Over the limit"));

        assertError(refused, 429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(api.get("/api/clients/count" + Api.q("where[name][equals]", "Over the limit"))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();
    }

    @Test
    void refusedRequestTakesNoToken() {
        // 12 a minute: tokens come back one per 5 s, continuously from the first one taken
        Api key = keyWith(List.of("clients:read"), 12);
        assertThat(key.get("/api/clients?limit=1").status()).isEqualTo(200);
        long firstTaken = System.nanoTime();
        for (int i = 1; i < 12; i++) {
            assertThat(key.get("/api/clients?limit=1").status()).isEqualTo(200);
        }
        for (int i = 0; i < 10; i++) {
            Api.Response refused = key.get("/api/clients?limit=1");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After")))
                    .as("the wait never grows")
                    .isBetween(1L, 5L);
        }

        // 5.5 s after the first token was taken one token is back; had the ten 429s taken tokens, none would be
        clock.set(clock.instant().plusMillis(5_500 - (System.nanoTime() - firstTaken) / 1_000_000));

        assertThat(key.get("/api/clients?limit=1").status()).isEqualTo(200);
        assertThat(key.get("/api/clients?limit=1").status()).as("and only one").isEqualTo(429);
    }

    /** Moving the test clock back (every test ends that way) must not stop the refills of a bucket spent while it was ahead. */
    @Test
    void aBucketSpentWhileTheTestClockWasAheadRefillsAfterItIsReset() {
        Api key = keyWith(List.of("clients:read"), 2);
        clock.set(clock.instant().plus(Duration.ofDays(3)));
        key.get("/api/clients?limit=1");
        key.get("/api/clients?limit=1");
        assertThat(key.get("/api/clients?limit=1").status())
                .as("spent three days ahead")
                .isEqualTo(429);
        clock.set(null);

        clock.set(clock.instant().plusSeconds(31)); // one token per 30 s

        assertThat(key.get("/api/clients?limit=1").status()).isEqualTo(200);
    }

    @Test
    void limitIsPerKey() {
        Api small = keyWith(List.of("clients:read"), 2);
        Api other = keyWith(List.of("clients:read"), 7);
        small.get("/api/clients");
        small.get("/api/clients");
        assertThat(small.get("/api/clients").status()).isEqualTo(429);

        Api.Response otherAnswer = other.get("/api/clients");

        assertThat(otherAnswer.status()).isEqualTo(200);
        assertThat(otherAnswer.header("X-RateLimit-Limit")).isEqualTo("7");
        assertThat(otherAnswer.header("X-RateLimit-Remaining")).isEqualTo("6");
    }

    @Test
    void resetIsWhenTheBucketIsFullAgain() {
        // 6 a minute: each token takes 10 s to come back
        Api key = keyWith(List.of("clients:read"), 6);
        long before = System.currentTimeMillis() / 1000;

        Api.Response first = key.get("/api/clients");
        long afterFirst = System.currentTimeMillis() / 1000;
        Api.Response second = key.get("/api/clients");

        long resetAfterOne = Long.parseLong(first.header("X-RateLimit-Reset"));
        long resetAfterTwo = Long.parseLong(second.header("X-RateLimit-Reset"));
        assertThat(resetAfterOne).isBetween(before + 9, afterFirst + 11);
        assertThat(resetAfterTwo - resetAfterOne)
                .as("one more token to wait for")
                .isBetween(8L, 11L);
    }
}
