package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.WebhookChecks.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.support.WebhookReceiver.Answer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Three days of failures (API.md §3, §5): the delivery ends {@code failed} and the endpoint is
 * disabled with {@code disabledReason: "failing"}; {@code PATCH enabled: true} brings it back;
 * single deliveries and all failed ones since an instant can be queued again (§7 shapes). Three days
 * pass on the test clock; at each step the node's due deliveries run at once ({@link Deliveries#runDue},
 * what run-jobs does after the time sweeps, which would go through every organization's documents).
 */
class FailingEndpointTest extends ApiTest {

    @Autowired
    Deliveries deliveries;

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    BillingScenario billing;
    BillingScenario.Party party;
    final List<String> endpoints = new ArrayList<>();

    @BeforeAll
    void clientWithContact() {
        billing = new BillingScenario(api);
        party = billing.clientWithContact();
    }

    @AfterEach
    void disableEndpoints() {
        endpoints.forEach(id -> api.patch("/api/webhooks/" + id, Map.of("enabled", false)));
        endpoints.clear();
    }

    private String endpoint(String path) {
        String id = createId("webhooks", Map.of("url", receiver.url(path), "events", List.of("invoice_sent")));
        endpoints.add(id);
        return id;
    }

    private static Answer[] failures(int n) {
        return Collections.nCopies(n, Answer.status(500)).toArray(Answer[]::new);
    }

    /** Sends {@code n} invoices and waits until each delivery to {@code webhookId} has had its first attempt. */
    private List<JsonNode> eventsFailOnce(String webhookId, int n) {
        for (int i = 0; i < n; i++) {
            billing.sentInvoice(party.clientId(), new BigDecimal("99.00"));
        }
        List<List<JsonNode>> result = new ArrayList<>();
        eventually(Duration.ofSeconds(10), () -> {
            List<JsonNode> all = WebhookChecks.deliveries(api, webhookId);
            assertThat(all)
                    .hasSize(n)
                    .allSatisfy(d -> assertThat(d.get("attempts").asInt()).isEqualTo(1));
            result.add(all);
        });
        return result.getLast();
    }

    /** Moves the clock past every next attempt of the endpoint's deliveries until none is left to retry. */
    private List<JsonNode> retryUntilGivenUp(String webhookId) {
        for (int step = 0; step < 40; step++) {
            List<JsonNode> all = WebhookChecks.deliveries(api, webhookId);
            Instant next = all.stream()
                    .filter(d -> d.get("nextAttemptAt").isString())
                    .map(d -> Instant.parse(d.get("nextAttemptAt").asString()))
                    .min(Instant::compareTo)
                    .orElse(null);
            if (next == null) {
                return all;
            }
            clock.set(next.plusSeconds(1));
            deliveries.runDue();
        }
        throw new AssertionError("still retrying after 40 steps: " + WebhookChecks.deliveries(api, webhookId));
    }

    @Test
    void threeDaysOfFailuresFailTheDeliveryAndDisableTheEndpoint() {
        receiver.plan("down", failures(100));
        String webhookId = endpoint("down");
        JsonNode first = eventsFailOnce(webhookId, 1).getFirst();

        JsonNode failed = retryUntilGivenUp(webhookId).getFirst();

        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("nextAttemptAt").isNull()).isTrue();
        assertThat(failed.get("error").asString()).isEqualTo("HTTP 500");
        Duration window = Duration.between(
                Instant.parse(first.get("lastAttemptAt").asString()),
                Instant.parse(failed.get("lastAttemptAt").asString()));
        assertThat(window)
                .as("retried for three days")
                .isBetween(Duration.ofDays(3), Duration.ofDays(3).plusMinutes(1));
        int attempts = failed.get("attempts").asInt();
        assertThat(attempts)
                .as("1 m, 5 m, 30 m, 2 h, 5 h, 10 h, then every 12 h up to three days")
                .isBetween(11, 13);
        List<WebhookReceiver.Received> got = receiver.received("down");
        assertThat(got).hasSize(attempts);
        assertThat(got)
                .extracting(r -> r.header("X-Webhook-Id"))
                .containsOnly(got.getFirst().header("X-Webhook-Id"));

        JsonNode hook = api.get("/api/webhooks/" + webhookId).json();
        assertThat(hook.get("enabled").asBoolean()).isFalse();
        assertThat(hook.get("disabledReason").asString()).isEqualTo("failing");
        assertThat(hook.get("consecutiveFailures").asInt()).isEqualTo(attempts);
        assertThat(hook.get("lastSuccessAt").isNull()).isTrue();

        // a disabled endpoint is sent nothing, not even new events
        billing.sentInvoice(party.clientId(), BigDecimal.ONE);
        deliveries.runDue();
        assertThat(receiver.received("down")).hasSize(attempts);
        assertThat(WebhookChecks.deliveries(api, webhookId)).hasSize(1);

        Api.Response enabled = api.patch("/api/webhooks/" + webhookId + "?depth=0", Map.of("enabled", true));
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.doc().get("enabled").asBoolean()).isTrue();
        assertThat(enabled.doc().get("disabledReason").isNull()).isTrue();
        assertThat(enabled.doc().get("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void anEndpointThatSucceedsInBetweenIsNotDisabled() {
        receiver.plan("wobbly", failures(100));
        String webhookId = endpoint("wobbly");
        eventsFailOnce(webhookId, 1);
        receiver.plan("wobbly"); // one event gets through...
        billing.sentInvoice(party.clientId(), BigDecimal.ONE);
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(api.get("/api/webhooks/" + webhookId)
                                .json()
                                .get("lastSuccessAt")
                                .isString())
                        .isTrue());
        receiver.plan("wobbly", failures(100)); // ...then the first one keeps failing for three days

        retryUntilGivenUp(webhookId);

        JsonNode hook = api.get("/api/webhooks/" + webhookId).json();
        assertThat(WebhookChecks.deliveries(api, webhookId))
                .extracting(d -> d.get("status").asString())
                .containsExactlyInAnyOrder("failed", "succeeded");
        assertThat(hook.get("enabled").asBoolean())
                .as("not all deliveries failed")
                .isTrue();
        assertThat(hook.get("disabledReason").isNull()).isTrue();
    }

    @Test
    void redeliverPutsTheSameDeliveryBackToPendingAndKeepsCountingAttempts() {
        receiver.plan("again", failures(100));
        String webhookId = endpoint("again");
        eventsFailOnce(webhookId, 1);
        JsonNode failed = retryUntilGivenUp(webhookId).getFirst();
        int attempts = failed.get("attempts").asInt();
        api.patch("/api/webhooks/" + webhookId, Map.of("enabled", true));
        receiver.plan("again");

        Api.Response r =
                api.post("/api/webhook-deliveries/" + failed.get("id").asString() + "/redeliver?depth=0", Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.doc().get("id").asString()).isEqualTo(failed.get("id").asString());
        assertThat(r.doc().get("status").asString()).isEqualTo("pending");
        assertThat(r.doc().get("attempts").asInt()).isEqualTo(attempts);
        assertThat(api.post("/api/webhook-deliveries/" + failed.get("id").asString() + "/redeliver", Map.of())
                        .status())
                .as("already pending")
                .isEqualTo(409);
        deliveries.runDue();
        JsonNode after = api.get("/api/webhook-deliveries/" + failed.get("id").asString())
                .json();
        assertThat(after.get("status").asString()).isEqualTo("succeeded");
        assertThat(after.get("attempts").asInt()).isEqualTo(attempts + 1);
        List<WebhookReceiver.Received> got = receiver.received("again");
        assertThat(got).hasSize(attempts + 1);
        assertThat(got.getLast().header("X-Webhook-Id"))
                .isEqualTo(got.getFirst().header("X-Webhook-Id"));
        assertThat(got.getLast().body()).isEqualTo(got.getFirst().body());
    }

    @Test
    void redeliverFailedQueuesEveryFailedDeliveryWhoseLastAttemptIsSinceTheGivenInstant() {
        receiver.plan("batch", failures(100));
        String webhookId = endpoint("batch");
        eventsFailOnce(webhookId, 2);
        List<JsonNode> failed = retryUntilGivenUp(webhookId);
        assertThat(failed).extracting(d -> d.get("status").asString()).containsOnly("failed");
        Instant lastAttempt = failed.stream()
                .map(d -> Instant.parse(d.get("lastAttemptAt").asString()))
                .max(Instant::compareTo)
                .orElseThrow();
        Instant firstOfTheLast = failed.stream()
                .map(d -> Instant.parse(d.get("lastAttemptAt").asString()))
                .min(Instant::compareTo)
                .orElseThrow();
        api.patch("/api/webhooks/" + webhookId, Map.of("enabled", true));
        receiver.plan("batch");
        int before = receiver.received("batch").size();

        Api.Response none = api.post(
                "/api/webhooks/" + webhookId + "/redeliver-failed?depth=0",
                Map.of("since", lastAttempt.plusSeconds(1).toString()));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("queued").asInt()).isZero();

        Api.Response all = api.post(
                "/api/webhooks/" + webhookId + "/redeliver-failed?depth=0", Map.of("since", firstOfTheLast.toString()));
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.doc().get("id").asString()).isEqualTo(webhookId);
        assertThat(all.json().get("queued").asInt()).isEqualTo(2);
        assertThat(WebhookChecks.deliveries(api, webhookId))
                .extracting(d -> d.get("status").asString())
                .containsOnly("pending");

        deliveries.runDue();
        assertThat(receiver.received("batch")).hasSize(before + 2);
        assertThat(WebhookChecks.deliveries(api, webhookId))
                .extracting(d -> d.get("status").asString())
                .containsOnly("succeeded");
    }

    @Test
    void redeliverFailedNeedsAnInstant() {
        String webhookId = endpoint("unused");
        Api.Response r = api.post("/api/webhooks/" + webhookId + "/redeliver-failed", Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactly("since");
        assertThat(api.post("/api/webhooks/" + webhookId + "/redeliver-failed", Map.of("since", "yesterday"))
                        .errorPaths())
                .containsExactly("since");
    }
}
