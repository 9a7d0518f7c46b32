package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test";
    private static final long TS = 1_796_561_708L;
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"event\":\"ping\",\"timestamp\":\"2026-03-02T09:00:02.162Z\",\"data\":{}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Clock AT_TS = Clock.fixed(Instant.ofEpochSecond(TS + 10), ZoneOffset.UTC);

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBody() {
        // The same value `printf '%s' "$TS.$BODY" | openssl dgst -sha256 -hmac whsec_test` gives.
        assertEquals(
                "sha256=" + hmacHex(TS + "." + new String(BODY, StandardCharsets.UTF_8)),
                Webhooks.sign(SECRET, TS, BODY));
    }

    @Test
    void aCorrectlySignedDeliveryVerifiesWithHeadersInAnyCase() {
        Map<String, List<String>> headers = Map.of(
                "x-signature", List.of(Webhooks.sign(SECRET, TS, BODY)), "X-WEBHOOK-TIMESTAMP", List.of(Long.toString(TS)));
        WebhookEvent e = Webhooks.verify(BODY, headers, SECRET, Duration.ofMinutes(5), AT_TS);
        assertEquals("ping", e.event());
        assertEquals("evt_1", e.id());
    }

    @Test
    void aChangedBodyWrongSecretOrStaleTimestampIsRefused() {
        Map<String, String> headers =
                Map.of("X-Signature", Webhooks.sign(SECRET, TS, BODY), "X-Webhook-Timestamp", Long.toString(TS));
        byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("ping", "pong").getBytes(StandardCharsets.UTF_8);
        assertThrows(WebhookVerificationException.class, () -> Webhooks.verify(changed, headers, SECRET, Duration.ofMinutes(5), AT_TS));
        assertThrows(WebhookVerificationException.class, () -> Webhooks.verify(BODY, headers, "whsec_other", Duration.ofMinutes(5), AT_TS));
        Clock later = Clock.fixed(Instant.ofEpochSecond(TS + 301), ZoneOffset.UTC);
        assertThrows(WebhookVerificationException.class, () -> Webhooks.verify(BODY, headers, SECRET, Duration.ofMinutes(5), later));
        assertThrows(WebhookVerificationException.class, () -> Webhooks.verify(BODY, Map.of(), SECRET, Duration.ofMinutes(5), AT_TS));
    }

    private static String hmacHex(String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
