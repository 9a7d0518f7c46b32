package app.clearmargin.shared;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values read at most {@code ttl} ago. Concurrent misses of one key share a single load, and a failed
 * load fails all of its waiters at once and is not kept: with the database down, twenty requests with
 * one API key get their 503 together after one pool timeout, not one after another (a synchronous
 * cache makes each waiter retry the load in turn).
 *
 * <p>The load runs on the thread of the first caller, so it sees that thread's transaction and context.
 */
public final class ShortLivedCache<K, V> {

    private final AsyncCache<K, V> cache;

    public ShortLivedCache(Duration ttl, long maximumSize) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).buildAsync();
    }

    /** The cached value, or the one {@code load} returns; a load's exception reaches every waiter as thrown. */
    public V get(K key, Function<? super K, ? extends V> load) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> inFlightOrCached = cache.asMap().putIfAbsent(key, mine);
        if (inFlightOrCached != null) {
            return join(inFlightOrCached);
        }
        try {
            V value = load.apply(key);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e); // the cache drops a failed entry by itself
            throw e;
        }
    }

    public void invalidate(K key) {
        cache.synchronous().invalidate(key);
    }

    /** Drops every cached value that matches. */
    public void invalidateIf(Predicate<? super V> matches) {
        cache.synchronous().asMap().values().removeIf(matches);
    }

    private static <V> V join(CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
