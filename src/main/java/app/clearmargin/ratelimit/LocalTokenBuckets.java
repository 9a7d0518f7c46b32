package app.clearmargin.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.time.Duration;

/** Buckets in this JVM. An idle bucket is dropped after two minutes, by which time it is full again. */
final class LocalTokenBuckets implements TokenBuckets {

    private record Sized(int perMinute, Bucket bucket) {}

    private final Cache<String, Sized> buckets =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();
    private final TimeMeter time;

    LocalTokenBuckets(TimeMeter time) {
        this.time = time;
    }

    @Override
    public ConsumptionProbe tryConsume(String key, int perMinute) {
        Sized current = buckets.getIfPresent(key);
        if (current != null && current.perMinute() == perMinute) {
            return current.bucket().tryConsumeAndReturnRemaining(1);
        }
        Sized sized = buckets.asMap().compute(key, (k, existing) -> {
            if (existing == null) {
                return new Sized(
                        perMinute,
                        Bucket.builder()
                                .addLimit(TokenBuckets.perMinute(perMinute))
                                .withCustomTimePrecision(time)
                                .build());
            }
            if (existing.perMinute() != perMinute) { // the key's limit was changed: keep the tokens it has
                existing.bucket()
                        .replaceConfiguration(TokenBuckets.configuration(perMinute), TokensInheritanceStrategy.AS_IS);
                return new Sized(perMinute, existing.bucket());
            }
            return existing;
        });
        return sized.bucket().tryConsumeAndReturnRemaining(1);
    }
}
