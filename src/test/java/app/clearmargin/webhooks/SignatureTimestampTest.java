package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.WebhookChecks.assertDelivery;
import static app.clearmargin.webhooks.WebhookChecks.runJobs;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * API.md §7 Hardening: receivers compare {@code X-Webhook-Timestamp} with their own clock, so it
 * (and the signature over it) is the real time of the attempt even while the test clock is set;
 * the body's {@code timestamp} stays the event's time.
 */
class SignatureTimestampTest extends ApiTest {

    private static final String SECRET = "whsec_timestamp_0123456789";

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    @ParameterizedTest
    @ValueSource(strings = {"2019-02-01T09:00:00Z", "2031-05-01T09:00:00Z"})
    void timestampHeaderIsTheRealTimeOfTheAttemptWhileTheTestClockIsSet(String testClock) {
        String path = "shifted-" + testClock.substring(0, 4);
        createId("webhooks", Map.of("url", receiver.url(path), "events", List.of("invoice_sent"), "secret", SECRET));
        Api.Response set = api.post("/api/testing/clock", Map.of("now", testClock));
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        BillingScenario billing = new BillingScenario(api);
        billing.sentInvoice(billing.clientWithContact().clientId(), new BigDecimal("80.00"));

        long before = Instant.now().getEpochSecond();
        runJobs(api);
        WebhookReceiver.Received delivery = receiver.await(path, got -> !got.isEmpty(), Duration.ofSeconds(10))
                .getFirst();
        long after = Instant.now().getEpochSecond();

        JsonNode body = assertDelivery(delivery, "invoice_sent", SECRET); // signed over the header's timestamp
        assertThat(Long.parseLong(delivery.header("X-Webhook-Timestamp")))
                .as("the real time of the attempt, not the test clock")
                .isBetween(before - 1, after + 1);
        JsonNode event = api.get("/api/events/" + body.get("id").asString()).json();
        assertThat(body.get("timestamp").asString())
                .isEqualTo(event.get("createdAt").asString())
                .startsWith(testClock.substring(0, 10));
    }
}
