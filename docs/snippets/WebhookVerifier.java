import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks that a Clearmargin webhook request is authentic and fresh (JDK only, no dependencies). */
public final class WebhookVerifier {

    /** How far the X-Webhook-Timestamp may be from now: older requests are refused as replays. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookVerifier() {}

    /**
     * @param secret    the webhook's signing secret (whsec_...)
     * @param timestamp the X-Webhook-Timestamp header (Unix seconds)
     * @param body      the raw request body, exactly as received, before any JSON parsing
     * @param signature the X-Signature header ("sha256=<hex>")
     * @param now       the current time (Instant.now())
     */
    public static boolean verify(String secret, String timestamp, byte[] body, String signature, Instant now)
            throws GeneralSecurityException {
        if (timestamp == null || !timestamp.matches("\\d{1,12}") || signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
