package app.clearmargin.shared;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values read at most {@code ttl} ago. Concurrent misses of one key share a single load, and a failed
 * load fails all of its waiters at once and is not kept: with the database down, twenty requests with
 * one API key get their 503 together after one pool timeout, not one after another (a cache whose
 * waiters retry the load in turn answered at 3, 6, 9 … s).
 *
 * <p>The load runs on the thread of the first caller, so it sees that thread's transaction and context.
 * Only the JDK: the first caller puts a future in the map and completes it; others join it.
 */
public final class ShortLivedCache<K, V> {

    private record Slot<V>(CompletableFuture<V> value, long loadStartedNanos) {}

    private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maximumSize;

    public ShortLivedCache(Duration ttl, int maximumSize) {
        this.ttlNanos = ttl.toNanos();
        this.maximumSize = maximumSize;
    }

    /** The cached value, or the one {@code load} returns; a load's exception reaches every waiter as thrown. */
    public V get(K key, Function<? super K, ? extends V> load) {
        long now = System.nanoTime();
        // a hit reads without locking the key's bin or allocating: every request of a busy key is one
        Slot<V> cached = slots.get(key);
        if (cached != null && !expired(cached, now)) {
            return join(cached.value());
        }
        Slot<V> mine = new Slot<>(new CompletableFuture<>(), now);
        Slot<V> current = slots.compute(key, (k, old) -> old == null || expired(old, now) ? mine : old);
        if (current != mine) {
            return join(current.value());
        }
        if (slots.size() > maximumSize) {
            evict(now);
        }
        try {
            V value = load.apply(key);
            mine.value().complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            slots.remove(key, mine);
            mine.value().completeExceptionally(e);
            throw e;
        }
    }

    public void invalidate(K key) {
        slots.remove(key);
    }

    /** Drops every loaded value that matches. */
    public void invalidateIf(Predicate<? super V> matches) {
        slots.values()
                .removeIf(s -> s.value().isDone()
                        && !s.value().isCompletedExceptionally()
                        && matches.test(s.value().join()));
    }

    private boolean expired(Slot<V> slot, long now) {
        return slot.value().isDone() && now - slot.loadStartedNanos() > ttlNanos;
    }

    /** Over the size bound: expired values go first, then every loaded one (loads in flight stay). */
    private void evict(long now) {
        slots.values().removeIf(s -> expired(s, now));
        if (slots.size() > maximumSize) {
            slots.values().removeIf(s -> s.value().isDone());
        }
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
