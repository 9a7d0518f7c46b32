package app.clearmargin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every delivery must look like (API.md §5, §7), checked from the receiver's side: headers, a
 * signature computed here independently of the server's signer, and the exact envelope.
 */
final class WebhookChecks {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    static final Pattern EVENT_ID = Pattern.compile("evt_[0-9a-hjkmnp-tv-z]{26}");
    static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    static final List<String> COMMON_DATA =
            List.of("documentType", "documentId", "documentNumber", "amount", "currency", "client", "contact");

    private WebhookChecks() {}

    /** {@code sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>}, computed without the server's code. */
    static String expectedSignature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks one delivery of {@code event} signed with {@code secret}; returns its parsed body. */
    static JsonNode assertDelivery(WebhookReceiver.Received r, String event, String secret) {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("User-Agent")).isEqualTo("Clearmargin-Webhooks/1");
        assertThat(r.header("X-Webhook-Event")).isEqualTo(event);
        assertThat(r.header("X-Webhook-Id")).matches(EVENT_ID);
        assertThat(r.header("X-Webhook-Timestamp")).matches("\\d{10}");
        assertThat(r.header("X-Signature"))
                .as("X-Signature of %s", event)
                .isEqualTo(expectedSignature(secret, r.header("X-Webhook-Timestamp"), r.body()));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.propertyNames()).containsExactly("id", "event", "timestamp", "data");
        assertThat(body.get("id").asString()).isEqualTo(r.header("X-Webhook-Id"));
        assertThat(body.get("event").asString()).isEqualTo(event);
        assertThat(body.get("timestamp").asString()).matches(INSTANT);
        return body;
    }

    /** The common data fields of a business event, with the client and contact they must name. */
    static void assertCommonData(
            JsonNode data,
            String documentType,
            String documentId,
            String clientId,
            String clientName,
            Map<String, String> contact) {
        assertThat(data.propertyNames()).containsAll(COMMON_DATA);
        assertThat(data.get("documentType").asString()).isEqualTo(documentType);
        assertThat(data.get("documentId").asString()).isEqualTo(documentId);
        assertThat(data.get("amount").isNumber()).as("amount is a JSON number").isTrue();
        assertThat(data.get("currency").asString()).isEqualTo("USD");
        assertThat(data.get("client").propertyNames()).containsExactly("id", "name");
        assertThat(data.get("client").get("id").asString()).isEqualTo(clientId);
        assertThat(data.get("client").get("name").asString()).isEqualTo(clientName);
        if (contact == null) {
            assertThat(data.get("contact").isNull()).as("contact is null").isTrue();
        } else {
            assertThat(data.get("contact").propertyNames()).containsExactly("id", "name", "email");
            assertThat(data.get("contact").get("id").asString()).isEqualTo(contact.get("id"));
            assertThat(data.get("contact").get("name").asString()).isEqualTo(contact.get("name"));
            assertThat(data.get("contact").get("email").asString()).isEqualTo(contact.get("email"));
        }
    }

    /** Runs the due jobs of the server (sweeps, outbox, due attempts) and returns when they are done. */
    static void runJobs(Api api) {
        Api.Response r = api.post("/api/testing/run-jobs", Map.of());
        assertThat(r.status()).as("run-jobs: %s", r).isEqualTo(200);
    }

    /** The deliveries of one webhook, newest first. */
    static List<JsonNode> deliveries(Api api, String webhookId) {
        Api.Response r = api.get(
                "/api/webhook-deliveries" + Api.q("where[webhook][equals]", webhookId, "depth", 0, "limit", 100));
        assertThat(r.status()).as("list deliveries: %s", r).isEqualTo(200);
        return r.json().get("docs").valueStream().toList();
    }

    /** Polls until {@code check} passes (deliveries are made by a background worker). */
    static void eventually(Duration timeout, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
