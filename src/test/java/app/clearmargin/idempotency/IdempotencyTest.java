package app.clearmargin.idempotency;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API.md §1 and §7 Idempotency: Idempotency-Key on POST replays, refuses and serialises as promised. */
class IdempotencyTest extends ApiTest {

    @Test
    void sameKeyAndBodyReplaysTheStoredAnswerWithoutCreatingAgain() {
        String key = newKey();
        Map<String, String> body = Map.of("name", "Replayed client");

        Api.Response first = withKey(key).post("/api/clients?depth=0", body);
        Api.Response second = withKey(key).post("/api/clients?depth=0", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(clientsNamed("Replayed client")).isEqualTo(1);
    }

    @Test
    void sameBodyWithKeysInAnotherOrderIsTheSameRequest() {
        String key = newKey();

        Api.Response first = withKey(key)
                .send("POST", "/api/clients?depth=0", "{\"name\":\"Reordered\",\"notes\":\"n\"}", "application/json");
        Api.Response second = withKey(key)
                .send(
                        "POST",
                        "/api/clients?depth=0",
                        "{ \"notes\": \"n\", \"name\": \"Reordered\" }",
                        "application/json");

        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(clientsNamed("Reordered")).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflictAndCreatesNothing() {
        String key = newKey();
        assertThat(withKey(key)
                        .post("/api/clients?depth=0", Map.of("name", "First body"))
                        .status())
                .isEqualTo(201);

        Api.Response conflict = withKey(key).post("/api/clients?depth=0", Map.of("name", "Second body"));

        JsonNode error = assertError(conflict, 409);
        assertThat(error.get("name").asString()).isEqualTo("IdempotencyConflict");
        assertThat(clientsNamed("Second body")).isZero();
    }

    @Test
    void sameKeyOnAnotherPathIsAConflict() {
        String key = newKey();
        assertThat(withKey(key)
                        .post("/api/clients?depth=0", Map.of("name", "Path one"))
                        .status())
                .isEqualTo(201);

        Api.Response conflict = withKey(key).post("/api/members?depth=0", Map.of("name", "Path one"));

        assertThat(assertError(conflict, 409).get("name").asString()).isEqualTo("IdempotencyConflict");
    }

    @Test
    void keyLongerThan255CharactersIsRefusedAnd255IsAccepted() {
        Api.Response tooLong = withKey("k".repeat(256)).post("/api/clients", Map.of("name", "Long key"));
        Api.Response longest = withKey("k".repeat(255 - 36) + UUID.randomUUID())
                .post("/api/clients?depth=0", Map.of("name", "Longest key"));

        assertError(tooLong, 400);
        assertThat(clientsNamed("Long key")).isZero();
        assertThat(longest.status()).isEqualTo(201);
    }

    @Test
    void keysAreScopedToTheApiKey() {
        Api other = keyWith(List.of("full_access"), 1000);
        String key = newKey();
        Map<String, String> body = Map.of("name", "Scoped per API key");

        Api.Response mine = withKey(key).post("/api/clients?depth=0", body);
        Api.Response theirs = other.withHeader("Idempotency-Key", key).post("/api/clients?depth=0", body);

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.doc().get("id")).isNotEqualTo(mine.doc().get("id"));
        assertThat(clientsNamed("Scoped per API key")).isEqualTo(2);
    }

    @Test
    void clientErrorIsStoredAndReplayed() {
        String key = newKey();
        Map<String, String> invalid = Map.of("email", "not an email");

        Api.Response first = withKey(key).post("/api/clients", invalid);
        Api.Response second = withKey(key).post("/api/clients", invalid);

        assertError(first, 400);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json()).isEqualTo(first.json());
    }

    @Test
    void storedRefusalIsReplayedEvenAfterTheStateChanged() {
        String invoiceId = invoiceFor(clientWithContact(), 100);
        String key = newKey();
        Map<String, Object> payment = Map.of("amount", 40, "method", "card");
        Api.Response payingDraft = withKey(key).post("/api/invoices/" + invoiceId + "/payments", payment);
        assertThat(assertError(payingDraft, 409).get("name").asString()).isEqualTo("StateConflict");
        assertThat(api.post("/api/invoices/" + invoiceId + "/send", Map.of()).status())
                .isEqualTo(200);

        Api.Response retried = withKey(key).post("/api/invoices/" + invoiceId + "/payments", payment);

        assertThat(retried.status()).isEqualTo(409);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.json()).isEqualTo(payingDraft.json());
        assertThat(amountPaid(invoiceId)).isEqualByComparingTo("0");
    }

    @Test
    void replayedPaymentDoesNotPayTwice() {
        String invoiceId = invoiceFor(clientWithContact(), 100);
        assertThat(api.post("/api/invoices/" + invoiceId + "/send", Map.of()).status())
                .isEqualTo(200);
        String key = newKey();
        Map<String, Object> payment = Map.of("amount", 25, "method", "card");

        Api.Response first = withKey(key).post("/api/invoices/" + invoiceId + "/payments?depth=0", payment);
        Api.Response replay = withKey(key).post("/api/invoices/" + invoiceId + "/payments?depth=0", payment);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json()).isEqualTo(first.json());
        assertThat(amountPaid(invoiceId)).isEqualByComparingTo("25");
        assertThat(api.get("/api/payments/count" + Api.q("where[invoice][equals]", invoiceId))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void concurrentIdenticalRequestsExecuteExactlyOnce() throws Exception {
        String key = newKey();
        Map<String, String> body = Map.of("name", "Concurrent duplicate");
        int parallel = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Api.Response> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return withKey(key).post("/api/clients?depth=0", body);
                }));
            }
            start.countDown();
            for (Future<Api.Response> f : futures) {
                answers.add(f.get());
            }
        }

        List<Api.Response> executed = answers.stream()
                .filter(r -> r.status() == 201 && r.header("Idempotent-Replayed") == null)
                .toList();
        assertThat(executed).hasSize(1);
        for (Api.Response r : answers) {
            if (r.status() == 409) {
                assertThat(assertError(r, 409).get("name").asString()).isEqualTo("IdempotencyConflict");
            } else {
                assertThat(r.status()).as("%s", r).isEqualTo(201);
                assertThat(r.json()).isEqualTo(executed.getFirst().json());
            }
        }
        assertThat(clientsNamed("Concurrent duplicate")).isEqualTo(1);
        Api.Response afterwards = withKey(key).post("/api/clients?depth=0", body);
        assertThat(afterwards.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(afterwards.json()).isEqualTo(executed.getFirst().json());
    }

    private Api withKey(String idempotencyKey) {
        return api.withHeader("Idempotency-Key", idempotencyKey);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private int clientsNamed(String name) {
        return api.get("/api/clients/count" + Api.q("where[name][equals]", name))
                .json()
                .get("totalDocs")
                .asInt();
    }

    private String clientWithContact() {
        String clientId = createId("clients", Map.of("name", "Payer " + UUID.randomUUID()));
        createId("contacts", Map.of("client", clientId, "name", "Jane Payer", "email", "jane@example.com"));
        return clientId;
    }

    private String invoiceFor(String clientId, int rate) {
        return createId(
                "invoices",
                Map.of(
                        "client",
                        clientId,
                        "lineItems",
                        List.of(Map.of("description", "Consulting", "quantity", 1, "rate", rate))));
    }

    private BigDecimal amountPaid(String invoiceId) {
        return api.get("/api/invoices/" + invoiceId + "?depth=0")
                .json()
                .get("amountPaid")
                .decimalValue();
    }
}
