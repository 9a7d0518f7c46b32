package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.WebhookChecks.assertDelivery;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.support.WebhookReceiver.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/webhooks/:id/test} (API.md §3, §7): a signed {@code ping} to that endpoint only,
 * sent before the answer, which is the recorded delivery (201).
 */
class WebhookPingTest extends ApiTest {

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    private String endpoint(String path, String secret) {
        return createId(
                "webhooks", Map.of("url", receiver.url(path), "events", List.of("invoice_paid"), "secret", secret));
    }

    @Test
    void pingIsSignedSentToThatEndpointOnlyAndAnsweredWithTheRecordedDelivery() {
        String webhookId = endpoint("pinged", "whsec_ping_0123456789");
        endpoint("bystander", "whsec_other_0123456789");

        Api.Response r = api.post("/api/webhooks/" + webhookId + "/test?depth=0", Map.of());

        assertThat(r.status()).isEqualTo(201);
        JsonNode delivery = r.doc();
        assertThat(delivery.get("id").asString()).startsWith("whd_");
        assertThat(delivery.get("webhook").asString()).isEqualTo(webhookId);
        assertThat(delivery.get("eventType").asString()).isEqualTo("ping");
        assertThat(delivery.get("status").asString()).isEqualTo("succeeded");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("responseStatus").asInt()).isEqualTo(200);
        List<WebhookReceiver.Received> got = receiver.received("pinged");
        assertThat(got).as("sent before the answer").hasSize(1);
        JsonNode body = assertDelivery(got.getFirst(), "ping", "whsec_ping_0123456789");
        assertThat(body.get("data").get("documentType").asString()).isEqualTo("webhook");
        assertThat(body.get("data").get("documentId").asString()).isEqualTo(webhookId);
        assertThat(receiver.received("bystander")).isEmpty();
        assertThat(api.get("/api/webhook-deliveries/" + delivery.get("id").asString())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");
    }

    @Test
    void pingIsNotAnEvent() {
        String webhookId = endpoint("not-an-event", "whsec_ping_0123456789");
        api.post("/api/webhooks/" + webhookId + "/test", Map.of());
        String eventId = receiver.received("not-an-event").getFirst().header("X-Webhook-Id");
        assertThat(api.get("/api/events/" + eventId).status()).isEqualTo(404);
        assertThat(api.post("/api/webhooks", Map.of("url", receiver.url("x"), "events", List.of("ping")))
                        .errorPaths())
                .containsExactly("events");
    }

    @Test
    void aFailedPingIsRecordedAndRetriedLikeAnyDelivery() {
        receiver.plan("broken", Answer.status(503));
        String webhookId = endpoint("broken", "whsec_ping_0123456789");

        JsonNode delivery = api.post("/api/webhooks/" + webhookId + "/test?depth=0", Map.of())
                .doc();

        assertThat(delivery.get("status").asString()).isEqualTo("retrying");
        assertThat(delivery.get("responseStatus").asInt()).isEqualTo(503);
        assertThat(delivery.get("error").asString()).isEqualTo("HTTP 503");
        assertThat(delivery.get("nextAttemptAt").isString()).isTrue();
        api.patch("/api/webhooks/" + webhookId, Map.of("enabled", false));
    }

    /**
     * While the endpoint takes its time to answer a ping, the webhook is not locked: an edit goes
     * through at once (before, the action's transaction held the row for up to the 10 s timeout, and
     * every delivery recording for that endpoint waited behind it).
     */
    @Test
    void aSlowPingHoldsNoLockOnTheWebhook() throws Exception {
        receiver.plan("slow-ping", Answer.delayed(Duration.ofSeconds(3), 200));
        String webhookId = endpoint("slow-ping", "whsec_ping_0123456789");
        CompletableFuture<Api.Response> ping =
                CompletableFuture.supplyAsync(() -> api.post("/api/webhooks/" + webhookId + "/test?depth=0", Map.of()));
        receiver.await("slow-ping", r -> !r.isEmpty(), Duration.ofSeconds(5)); // the ping is waiting for its answer

        long started = System.nanoTime();
        Api.Response edit = api.patch("/api/webhooks/" + webhookId, Map.of("description", "edited during a ping"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(edit.status()).isEqualTo(200);
        assertThat(took).as("the edit waited for the ping").isLessThan(Duration.ofSeconds(2));
        Api.Response answered = ping.get(10, TimeUnit.SECONDS);
        assertThat(answered.status()).isEqualTo(201);
        assertThat(answered.doc().get("status").asString()).isEqualTo("succeeded");
        assertThat(answered.doc().get("durationMs").asInt()).isGreaterThanOrEqualTo(3000);
    }
}
