package app.clearmargin.platform;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.auth.Scopes;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.ExtraNode;
import app.clearmargin.support.TcpProxy;
import app.clearmargin.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md §1 Errors and §6: while the database is unreachable the server answers 503 with Retry-After
 * (health: DOWN) within seconds, and recovers by itself once the database is back, without a restart.
 * A node reaches the test database through a proxy that the test cuts and restores.
 */
class DatabaseOutageTest extends ApiTest {

    private TcpProxy proxy;
    private ExtraNode node;

    @BeforeAll
    void startNodeBehindProxy() {
        TestDatabase db = TestDatabase.get();
        proxy = TcpProxy.start(db.host(), db.port());
        node = ExtraNode.start(Map.of("clearmargin.db.url", db.urlVia("127.0.0.1", proxy.port())));
    }

    @AfterAll
    void stopNodeAndProxy() {
        if (node != null) {
            node.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void outageAnswers503WithRetryAfterAndRecoversWithoutRestart() {
        Api health = node.api(null);
        String usedBefore = issueKey();
        assertThat(node.api(usedBefore).get("/api/clients").status()).isEqualTo(200);
        assertThat(health.get("/health").json().get("status").asString()).isEqualTo("UP");

        proxy.cut();

        Api.Response healthDown = within(Duration.ofSeconds(15), () -> health.get("/health"), r -> r.status() == 503);
        assertThat(healthDown.json().get("status").asString()).isEqualTo("DOWN");
        assertThat(Long.parseLong(healthDown.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        // a key this node has never seen must be looked up in the database: 503, not 401
        Api.Response neverSeen =
                timed(Duration.ofSeconds(10), () -> node.api(issueKey()).get("/api/clients"));
        assertUnavailable(neverSeen);
        // a key still cached: the list itself meets the cut connection (a driver's EOF is not a client
        // that went away: it once answered 200 with an empty body)
        assertUnavailable(
                timed(Duration.ofSeconds(10), () -> node.api(usedBefore).get("/api/clients")));
        // a key whose cached lookup has expired (1 s) likewise, and a write through it
        sleep(1_100);
        assertUnavailable(
                timed(Duration.ofSeconds(10), () -> node.api(usedBefore).get("/api/clients")));
        assertUnavailable(timed(
                Duration.ofSeconds(10),
                () -> node.api(usedBefore).post("/api/clients", Map.of("name", "During the outage"))));

        // a request with an Idempotency-Key claims its key in the database first: 503 too, and nothing stored
        String idempotencyKey = java.util.UUID.randomUUID().toString();
        Api retrying = node.api(usedBefore).withHeader("Idempotency-Key", idempotencyKey);
        assertUnavailable(timed(
                Duration.ofSeconds(10),
                () -> retrying.post("/api/clients?depth=0", Map.of("name", "Retried after the outage"))));

        proxy.restore();

        String afterwards = issueKey();
        Api.Response recovered =
                within(Duration.ofSeconds(20), () -> node.api(afterwards).get("/api/clients"), r -> r.status() == 200);
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(health.get("/health").status()).isEqualTo(200);
        assertThat(node.api(afterwards)
                        .post("/api/clients?depth=0", Map.of("name", "After the outage"))
                        .status())
                .isEqualTo(201);
        assertThat(api.get("/api/clients/count" + Api.q("where[name][equals]", "During the outage"))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();
        Api.Response retried = retrying.post("/api/clients?depth=0", Map.of("name", "Retried after the outage"));
        assertThat(retried.status())
                .as("a 5xx is not stored: the retry executes")
                .isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
    }

    private static void assertUnavailable(Api.Response r) {
        assertError(r, 503);
        assertThat(Long.parseLong(r.header("Retry-After"))).isGreaterThanOrEqualTo(1);
    }

    /** A key of this class's organization, written straight to the database (which the main node still reaches). */
    private String issueKey() {
        return tx.execute(s -> keys.issue(organization.id(), "outage", List.of(Scopes.FULL_ACCESS), null, 1000, false))
                .key();
    }

    /** The first answer matching {@code done}, polling until {@code limit}; fails with the last answer otherwise. */
    private static Api.Response within(
            Duration limit, Supplier<Api.Response> request, java.util.function.Predicate<Api.Response> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        Api.Response last;
        do {
            last = request.get();
            if (done.test(last)) {
                return last;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching answer within " + limit + "; last: " + last);
    }

    /** The answer, which must come within {@code limit}: an outage fails fast, it never hangs. */
    private static Api.Response timed(Duration limit, Supplier<Api.Response> request) {
        long started = System.nanoTime();
        Api.Response r = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("time to answer %s", r)
                .isLessThan(limit);
        return r;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
