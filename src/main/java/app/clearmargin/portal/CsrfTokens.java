package app.clearmargin.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The per-page CSRF token of the client pages' forms: {@code <issued epoch seconds>.<HMAC-SHA256>} over
 * the link's token hash and the issue time, keyed by {@link PageSecret}. Stateless, so it is valid on
 * every node; bound to one link, so a token of another link (or of a rotated one) is refused; valid for
 * {@link #VALIDITY} after the page was served.
 */
@Component
class CsrfTokens {

    static final Duration VALIDITY = Duration.ofHours(4);

    /** What a presented token is. */
    enum Check {
        VALID,
        /** Missing, malformed or not signed by us for this link. */
        FORGED,
        /** Ours for this link, but older than {@link #VALIDITY} (or from the future). */
        STALE
    }

    private final PageSecret secret;

    CsrfTokens(PageSecret secret) {
        this.secret = secret;
    }

    String issue(byte[] linkHash, Instant now) {
        long at = now.getEpochSecond();
        return at + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(linkHash, at));
    }

    Check check(@Nullable String presented, byte[] linkHash, Instant now) {
        if (presented == null) {
            return Check.FORGED;
        }
        int dot = presented.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return Check.FORGED;
        }
        long at;
        byte[] given;
        try {
            at = Long.parseLong(presented.substring(0, dot));
            given = Base64.getUrlDecoder().decode(presented.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Check.FORGED;
        }
        if (!MessageDigest.isEqual(mac(linkHash, at), given)) {
            return Check.FORGED;
        }
        long age = now.getEpochSecond() - at;
        return age < -300 || age > VALIDITY.toSeconds() ? Check.STALE : Check.VALID;
    }

    private byte[] mac(byte[] linkHash, long at) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.get(), "HmacSHA256"));
            mac.update("clearmargin-client-page-csrf\n".getBytes(StandardCharsets.US_ASCII));
            mac.update(linkHash);
            mac.update(("\n" + at).getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
