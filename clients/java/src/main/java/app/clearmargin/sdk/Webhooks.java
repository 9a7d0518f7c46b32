package app.clearmargin.sdk;

import app.clearmargin.sdk.model.Webhook;
import app.clearmargin.sdk.model.WebhookDelivery;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/webhooks} and its actions, plus {@link #verify}: the check a receiver makes on every
 * delivery before trusting it.
 */
public final class Webhooks extends Resource<Webhook> {

    private static final ObjectMapper MAPPER = Json.mapper();

    Webhooks(Transport transport) {
        super(transport, "webhooks", Webhook.class);
    }

    /** {@code POST /webhooks/:id/rotate-secret}: the webhook with its new {@code secret}, shown once. */
    public Webhook rotateSecret(String id) {
        return action(id, "rotate-secret", null, RequestOptions.none(), Webhook.class).doc();
    }

    /** {@code POST /webhooks/:id/test}: sends a signed {@code ping} to this endpoint only; the recorded delivery. */
    public WebhookDelivery test(String id) {
        return action(id, "test", null, RequestOptions.none(), WebhookDelivery.class).doc();
    }

    /** {@code POST /webhooks/:id/redeliver-failed {"since": instant}}: queues the failed deliveries since then. */
    public JsonNode redeliverFailed(String id, Instant since) {
        return action(id, "redeliver-failed", Map.of("since", since.toString()), RequestOptions.none(), JsonNode.class)
                .body();
    }

    /** The default tolerance between {@code X-Webhook-Timestamp} and your clock: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /**
     * Verifies a delivery and returns its event. {@code rawBody} must be the exact bytes received
     * (not re-serialized JSON); {@code headers} are the request's headers, names in any case.
     * Checks {@code X-Signature = sha256=<hex HMAC-SHA256(secret, "<X-Webhook-Timestamp>.<body>")>}
     * in constant time and that the timestamp is within {@code tolerance} of now.
     *
     * @throws WebhookVerificationException when a header is missing, the signature does not match,
     *     or the timestamp is too old or too new
     */
    public static WebhookEvent verify(byte[] rawBody, Map<String, ?> headers, String secret, Duration tolerance) {
        return verify(rawBody, headers, secret, tolerance, Clock.systemUTC());
    }

    /** {@link #verify(byte[], Map, String, Duration)} for a body received as a String (UTF-8). */
    public static WebhookEvent verify(String rawBody, Map<String, ?> headers, String secret, Duration tolerance) {
        return verify(rawBody.getBytes(StandardCharsets.UTF_8), headers, secret, tolerance, Clock.systemUTC());
    }

    /** {@link #verify(byte[], Map, String, Duration)} against a given clock. */
    public static WebhookEvent verify(
            byte[] rawBody, Map<String, ?> headers, String secret, Duration tolerance, Clock clock) {
        String signature = header(headers, "X-Signature");
        String timestamp = header(headers, "X-Webhook-Timestamp");
        if (signature == null) {
            throw new WebhookVerificationException("no X-Signature header");
        }
        if (timestamp == null) {
            throw new WebhookVerificationException("no X-Webhook-Timestamp header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("X-Webhook-Timestamp is not a number of seconds");
        }
        byte[] expected = sign(secret, seconds, rawBody).getBytes(StandardCharsets.US_ASCII);
        // Constant time: the comparison must not reveal how much of a forged signature was right.
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookVerificationException("the signature does not match");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > tolerance.getSeconds()) {
            throw new WebhookVerificationException(
                    "the timestamp is " + skew + " s from now, more than the tolerance of " + tolerance.getSeconds() + " s");
        }
        try {
            return MAPPER.readValue(rawBody, WebhookEvent.class);
        } catch (IOException e) {
            throw new WebhookVerificationException("the body is not a webhook event: " + e.getMessage());
        }
    }

    /** {@code sha256=} + hex HMAC-SHA256(secret, "{timestamp}.{body}"): what the server sends as X-Signature. */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable String header(Map<String, ?> headers, String name) {
        for (Map.Entry<String, ?> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                Object v = e.getValue();
                if (v instanceof List<?> list) {
                    return list.isEmpty() ? null : String.valueOf(list.get(0));
                }
                return v == null ? null : String.valueOf(v);
            }
        }
        return null;
    }
}
