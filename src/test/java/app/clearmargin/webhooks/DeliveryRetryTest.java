package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.WebhookChecks.assertDelivery;
import static app.clearmargin.webhooks.WebhookChecks.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.support.WebhookReceiver.Answer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A failed attempt — an error status, a timeout, a refused connection — is retried on the schedule
 * of API.md §5; the retry carries the same event id and the same body bytes, with a fresh timestamp
 * and signature (§7); the delivery log shows each attempt. A redirect is a failed attempt too, and
 * is not followed. Retries are brought forward with the test clock and run at once
 * ({@link Deliveries#runDue}, what run-jobs does after the time sweeps) instead of waiting.
 */
class DeliveryRetryTest extends ApiTest {

    @Autowired
    Deliveries deliveries;

    @Autowired
    WebhookSender serverSender;

    static final String SECRET = "whsec_retries_0123456789abcdef";

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    BillingScenario billing;
    BillingScenario.Party party;
    String webhookId;

    @BeforeAll
    void clientWithContact() {
        billing = new BillingScenario(api);
        party = billing.clientWithContact();
    }

    /** Each test's endpoint stops receiving when the test is over, so the next tests' events do not reach it. */
    @AfterEach
    void disableEndpoint() {
        if (webhookId != null) {
            api.patch("/api/webhooks/" + webhookId, Map.of("enabled", false));
            webhookId = null;
        }
    }

    private String endpoint(String url) {
        webhookId = createId("webhooks", Map.of("url", url, "events", List.of("invoice_sent"), "secret", SECRET));
        return webhookId;
    }

    /** Sends an invoice (one invoice_sent event) and waits until its first attempt is recorded as failed. */
    private JsonNode firstAttemptFails(Duration within) {
        String invoiceId = billing.sentInvoice(party.clientId(), new BigDecimal("640.00"))
                .get("id")
                .asString();
        JsonNode[] delivery = new JsonNode[1];
        eventually(within, () -> {
            List<JsonNode> all = WebhookChecks.deliveries(api, webhookId);
            assertThat(all).hasSize(1);
            assertThat(all.getFirst().get("status").asString()).isEqualTo("retrying");
            delivery[0] = all.getFirst();
        });
        assertThat(api.get("/api/events/" + delivery[0].get("event").asString())
                        .json()
                        .get("documentId")
                        .asString())
                .isEqualTo(invoiceId);
        return delivery[0];
    }

    /** The next attempt is due one minute (±10 %) after the first. */
    private static void assertFirstRetryInAboutAMinute(JsonNode delivery) {
        Instant last = Instant.parse(delivery.get("lastAttemptAt").asString());
        Instant next = Instant.parse(delivery.get("nextAttemptAt").asString());
        assertThat(Duration.between(last, next)).isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
    }

    /** Moves the clock past the delivery's next attempt and runs the due deliveries. */
    private void bringRetryForward(JsonNode delivery) {
        clock.set(Instant.parse(delivery.get("nextAttemptAt").asString()).plusSeconds(1));
        deliveries.runDue();
    }

    private JsonNode reload(JsonNode delivery) {
        return api.get("/api/webhook-deliveries/" + delivery.get("id").asString() + "?depth=0")
                .json();
    }

    private static void assertSameEventFreshSignature(WebhookReceiver.Received first, WebhookReceiver.Received retry) {
        assertDelivery(first, "invoice_sent", SECRET);
        assertDelivery(retry, "invoice_sent", SECRET);
        assertThat(retry.header("X-Webhook-Id")).isEqualTo(first.header("X-Webhook-Id"));
        assertThat(retry.body()).as("the body, byte for byte").isEqualTo(first.body());
        // each attempt is signed over its own timestamp (assertDelivery), the real time of the attempt:
        // the test brings the retry forward on the test clock, so it may fall in the same real second
        assertThat(Long.parseLong(retry.header("X-Webhook-Timestamp")))
                .isGreaterThanOrEqualTo(Long.parseLong(first.header("X-Webhook-Timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), within(5L));
    }

    @Test
    void serverErrorIsRetriedWithTheSameIdAndBodyAndAFreshSignature() {
        receiver.plan("error", Answer.status(500));
        endpoint(receiver.url("error"));
        JsonNode delivery = firstAttemptFails(Duration.ofSeconds(10));
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("responseStatus").asInt()).isEqualTo(500);
        assertThat(delivery.get("responseBody").asString()).isEqualTo("{\"received\":true,\"status\":500}");
        assertThat(delivery.get("error").asString()).isEqualTo("HTTP 500");
        assertThat(delivery.get("durationMs").isNumber()).isTrue();
        assertFirstRetryInAboutAMinute(delivery);

        bringRetryForward(delivery);

        List<WebhookReceiver.Received> got = receiver.received("error");
        assertThat(got).hasSize(2);
        assertSameEventFreshSignature(got.get(0), got.get(1));
        JsonNode after = reload(delivery);
        assertThat(after.get("status").asString()).isEqualTo("succeeded");
        assertThat(after.get("attempts").asInt()).isEqualTo(2);
        assertThat(after.get("responseStatus").asInt()).isEqualTo(200);
        assertThat(after.get("error").isNull()).isTrue();
        assertThat(after.get("nextAttemptAt").isNull()).isTrue();
        assertThat(after.get("lastAttemptAt").asString())
                .isGreaterThan(delivery.get("lastAttemptAt").asString());
    }

    /**
     * An endpoint that never answers fails the attempt at the timeout. The server's senders wait 10 s;
     * this sender waits one, so the test does not spend ten seconds waiting (a failed attempt is then
     * retried whatever its cause: the other tests here).
     */
    @Test
    void endpointThatNeverAnswersIsAFailedAttemptAtTheTimeout() throws Exception {
        receiver.plan("silent", Answer.hang());
        LeasedDelivery delivery = new LeasedDelivery(
                organization.id(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "invoice_sent",
                0,
                "{}",
                Instant.now(),
                receiver.url("silent"),
                SECRET);

        Outcome outcome;
        try (WebhookSender sender = new WebhookSender(
                new TargetGuard(true, false), HostResolver.SYSTEM, Clock.systemUTC(), Duration.ofSeconds(1))) {
            outcome = sender.send(delivery);
        }

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.error()).isEqualTo("timeout after 1 s");
        assertThat(outcome.status()).isNull();
        assertThat(outcome.durationMs()).isBetween(950L, 5_000L);
        assertThat(receiver.received("silent")).hasSize(1);
    }

    @Test
    void theServersAttemptsTimeOutAfterTenSeconds() {
        assertThat(serverSender.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusedConnectionIsRetriedAndTheRetryCarriesTheStoredEvent() {
        int port = WebhookReceiver.unusedPort();
        endpoint("http://127.0.0.1:" + port + "/later");
        JsonNode delivery = firstAttemptFails(Duration.ofSeconds(10));
        assertThat(delivery.get("error").asString()).isEqualTo("connection refused");
        assertThat(delivery.get("responseStatus").isNull()).isTrue();
        assertFirstRetryInAboutAMinute(delivery);

        try (WebhookReceiver late = WebhookReceiver.start(port)) {
            bringRetryForward(delivery);
            List<WebhookReceiver.Received> got = late.received("later");
            assertThat(got).hasSize(1);
            JsonNode body = assertDelivery(got.getFirst(), "invoice_sent", SECRET);
            JsonNode event =
                    api.get("/api/events/" + delivery.get("event").asString()).json();
            assertThat(body.get("id").asString()).isEqualTo(event.get("id").asString());
            assertThat(body.get("timestamp").asString())
                    .isEqualTo(event.get("createdAt").asString());
            assertThat(body.get("data")).isEqualTo(event.get("data"));
        }
        JsonNode after = reload(delivery);
        assertThat(after.get("status").asString()).isEqualTo("succeeded");
        assertThat(after.get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void anyTwoHundredAnswerIsSuccess() {
        receiver.plan("accepted", Answer.status(202), Answer.status(204));
        endpoint(receiver.url("accepted"));
        billing.sentInvoice(party.clientId(), BigDecimal.TEN);
        billing.sentInvoice(party.clientId(), BigDecimal.ONE);
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(WebhookChecks.deliveries(api, webhookId))
                        .hasSize(2)
                        .allSatisfy(d -> {
                            assertThat(d.get("status").asString()).isEqualTo("succeeded");
                            assertThat(d.get("attempts").asInt()).isEqualTo(1);
                        }));
        assertThat(WebhookChecks.deliveries(api, webhookId))
                .extracting(d -> d.get("responseStatus").asInt())
                .containsExactlyInAnyOrder(202, 204);
        JsonNode hook = api.get("/api/webhooks/" + webhookId).json();
        assertThat(hook.get("consecutiveFailures").asInt()).isZero();
        assertThat(hook.get("lastSuccessAt").isString()).isTrue();
    }

    @Test
    void clientErrorIsAFailedAttemptAndCountsAgainstTheEndpoint() {
        receiver.plan("gone", Answer.status(410));
        endpoint(receiver.url("gone"));
        JsonNode delivery = firstAttemptFails(Duration.ofSeconds(10));
        assertThat(delivery.get("responseStatus").asInt()).isEqualTo(410);
        JsonNode hook = api.get("/api/webhooks/" + webhookId).json();
        assertThat(hook.get("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(hook.get("lastFailureAt").isString()).isTrue();
        assertThat(hook.get("enabled").asBoolean())
                .as("one failure does not disable")
                .isTrue();
    }

    @Test
    void retriesFollowTheDocumentedScheduleUntilOneSucceeds() {
        receiver.plan(
                "flaky",
                Answer.status(503),
                Answer.status(503),
                Answer.status(503),
                Answer.status(503),
                Answer.status(503),
                Answer.status(503),
                Answer.status(503));
        endpoint(receiver.url("flaky"));
        JsonNode delivery = firstAttemptFails(Duration.ofSeconds(10));
        List<Duration> expected = List.of(
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(30),
                Duration.ofHours(2),
                Duration.ofHours(5),
                Duration.ofHours(10),
                Duration.ofHours(12));
        for (int attempt = 1; attempt <= expected.size(); attempt++) {
            Duration wait = Duration.between(
                    Instant.parse(delivery.get("lastAttemptAt").asString()),
                    Instant.parse(delivery.get("nextAttemptAt").asString()));
            Duration base = expected.get(attempt - 1);
            assertThat(wait)
                    .as("wait after attempt %d", attempt)
                    .isBetween(
                            base.multipliedBy(9).dividedBy(10),
                            base.multipliedBy(11).dividedBy(10));
            assertThat(delivery.get("attempts").asInt()).isEqualTo(attempt);
            bringRetryForward(delivery);
            delivery = reload(delivery);
        }
        assertThat(delivery.get("status").asString()).isEqualTo("succeeded");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(8);
        List<WebhookReceiver.Received> got = receiver.received("flaky");
        assertThat(got).hasSize(8);
        assertThat(got)
                .extracting(r -> r.header("X-Webhook-Id"))
                .containsOnly(got.getFirst().header("X-Webhook-Id"));
        assertThat(got)
                .extracting(WebhookReceiver.Received::bodyText)
                .containsOnly(got.getFirst().bodyText());
    }

    @Test
    void aRedirectIsAFailedAttemptAndItsLocationIsNeverCalled() {
        receiver.plan("moved", Answer.redirect(receiver.url("moved-here")));
        endpoint(receiver.url("moved"));
        JsonNode delivery = firstAttemptFails(Duration.ofSeconds(10));
        assertThat(delivery.get("responseStatus").asInt()).isEqualTo(302);
        assertThat(delivery.get("error").asString()).isEqualTo("HTTP 302");
        assertThat(receiver.received("moved")).hasSize(1);
        assertThat(receiver.received("moved-here")).isEmpty();
    }

    @Test
    void aRetryAfterASecretRotationIsSignedWithTheNewSecret() {
        receiver.plan("rotated", Answer.status(500));
        endpoint(receiver.url("rotated"));
        JsonNode delivery = firstAttemptFails(Duration.ofSeconds(10));
        String newSecret = api.post("/api/webhooks/" + webhookId + "/rotate-secret", Map.of())
                .doc()
                .get("secret")
                .asString();

        bringRetryForward(delivery);

        List<WebhookReceiver.Received> got = receiver.received("rotated");
        assertThat(got).hasSize(2);
        assertDelivery(got.get(0), "invoice_sent", SECRET);
        assertDelivery(got.get(1), "invoice_sent", newSecret);
        assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
    }
}
