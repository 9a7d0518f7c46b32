package app.clearmargin.ratelimit;

import app.clearmargin.shared.TestableClock;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/** Where the buckets live: this JVM, or Redis so that every node shares one limit per key. */
interface TokenBuckets {

    /** Takes one token from the bucket of {@code key} holding {@code perMinute} tokens; a refusal takes none. */
    ConsumptionProbe tryConsume(String key, int perMinute);

    /** {@code perMinute} tokens, refilled continuously (one every 60/perMinute seconds). */
    static Bandwidth perMinute(int perMinute) {
        return Bandwidth.builder()
                .capacity(perMinute)
                .refillGreedy(perMinute, Duration.ofMinutes(1))
                .build();
    }

    static BucketConfiguration configuration(int perMinute) {
        return BucketConfiguration.builder().addLimit(perMinute(perMinute)).build();
    }

    /**
     * The time refills are measured on: the server's clock, so moving the test clock ahead refills the
     * buckets as that time passing would ({@link TestableClock#elapsedNanos()}: moving it back takes
     * nothing away, where a reading going back would stop every refill until it caught up).
     */
    static TimeMeter timeOf(TestableClock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.elapsedNanos();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }
}
