package app.clearmargin.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in Redis (compare-and-swap through Bucket4j), shared by every node. If Redis cannot be
 * reached a node falls back to its own buckets rather than refusing or un-limiting traffic.
 * Refills are measured on each node's wall clock (Bucket4j's default here), not the test clock: the
 * nodes sharing a bucket move their test clocks independently, and a bucket written by a node whose
 * clock is ahead would refill for no other node until their clocks caught up (docs/decisions.md).
 */
final class RedisTokenBuckets implements TokenBuckets, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTokenBuckets.class);
    private static final String PREFIX = "clearmargin:ratelimit:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;
    private final LocalTokenBuckets fallback;

    RedisTokenBuckets(String redisUrl, LocalTokenBuckets fallback) {
        this.fallback = fallback;
        this.client = RedisClient.create(redisUrl);
        this.client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .build());
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
    }

    @Override
    public ConsumptionProbe tryConsume(String key, int perMinute) {
        try {
            return buckets.builder()
                    .withImplicitConfigurationReplacement(perMinute, TokensInheritanceStrategy.AS_IS)
                    .build(PREFIX + key, () -> TokenBuckets.configuration(perMinute))
                    .tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            log.warn("Redis rate limit unavailable, limiting on this node only: {}", e.toString());
            return fallback.tryConsume(key, perMinute);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
