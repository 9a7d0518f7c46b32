package app.clearmargin.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Per client address limits for what is served without an API key (the client pages, API.md §8): the
 * same buckets as the keys' (in this JVM, or in Redis shared by every node when configured), keyed by
 * the address under a prefix of their own.
 */
@Component
public class AddressLimits {

    /** Requests a minute per address on the client pages. */
    public static final int CLIENT_PAGES_PER_MINUTE = 60;

    private final TokenBuckets buckets;

    AddressLimits(TokenBuckets buckets) {
        this.buckets = buckets;
    }

    /** Takes one token for {@code address}: empty when allowed, else the seconds until one is back. */
    public OptionalLong clientPage(String address) {
        ConsumptionProbe probe = buckets.tryConsume("client-page:" + address, CLIENT_PAGES_PER_MINUTE);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }
}
