package app.clearmargin.ratelimit;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.auth.Scopes;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.ExtraNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md §1: "The limit holds across all server nodes that share a database/Redis." Two more nodes
 * share the Redis at {@code CLEARMARGIN_REDIS_URL} (default 127.0.0.1:6379); a key's quota is spent
 * once in total, whichever node a request lands on.
 */
class SharedRateLimitTest extends ApiTest {

    private static final String REDIS = System.getenv().getOrDefault("CLEARMARGIN_REDIS_URL", "redis://127.0.0.1:6379");

    private ExtraNode first;
    private ExtraNode second;

    @BeforeAll
    void startTwoNodesSharingRedis() {
        first = ExtraNode.start(Map.of("clearmargin.redis.url", REDIS));
        second = ExtraNode.start(Map.of("clearmargin.redis.url", REDIS));
    }

    @AfterAll
    void stopNodes() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void keyGetsItsLimitOnceInTotalAcrossTwoNodesThen429OnBoth() {
        // 20 a minute refills one token every 3 s; the whole exchange takes well under that
        int limit = 20;
        String key = issueKey(limit);
        List<Api> nodes = List.of(first.api(key), second.api(key));

        long started = System.nanoTime();
        int successes = 0;
        int refusedInARow = 0;
        for (int i = 0; i < 4 * limit && refusedInARow < 4; i++) {
            Api.Response r = nodes.get(i % 2).get("/api/clients?limit=1");
            assertThat(r.status()).as("answer %d: %s", i, r).isIn(200, 429);
            if (r.status() == 200) {
                successes++;
                refusedInARow = 0;
            } else {
                refusedInARow++;
            }
        }

        // N (±1), plus whatever refilled while the requests ran (one token per 3 s); per-node buckets would give 2N
        long refilled = (System.nanoTime() - started) / 3_000_000_000L;
        assertThat(successes).isBetween(limit, limit + 1 + (int) refilled);
        for (Api node : nodes) {
            Api.Response refused = node.get("/api/clients?limit=1");
            assertError(refused, 429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThanOrEqualTo(1);
            assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        }
    }

    @Test
    void remainingCountsDownAcrossNodes() {
        // 4 a minute: no token comes back during these requests (one per 15 s)
        String key = issueKey(4);

        List<String> remaining = List.of(
                first.api(key).get("/api/clients").header("X-RateLimit-Remaining"),
                second.api(key).get("/api/clients").header("X-RateLimit-Remaining"),
                first.api(key).get("/api/clients").header("X-RateLimit-Remaining"),
                second.api(key).get("/api/clients").header("X-RateLimit-Remaining"));

        assertThat(remaining).containsExactly("3", "2", "1", "0");
        assertThat(first.api(key).get("/api/clients").status()).isEqualTo(429);
        assertThat(second.api(key).get("/api/clients").status()).isEqualTo(429);
    }

    private String issueKey(int limit) {
        return tx.execute(s ->
                        keys.issue(organization.id(), "shared limit", List.of(Scopes.FULL_ACCESS), null, limit, false))
                .key();
    }
}
