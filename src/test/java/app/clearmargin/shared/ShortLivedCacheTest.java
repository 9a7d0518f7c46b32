package app.clearmargin.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShortLivedCacheTest {

    @Test
    void concurrentMissesOfOneKeyShareOneFailingLoadAndAllFailTogether() throws Exception {
        ShortLivedCache<String, String> cache = new ShortLivedCache<>(Duration.ofSeconds(1), 100);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Long>> waiters = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                waiters.add(threads.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        cache.get("key", k -> {
                            loads.incrementAndGet();
                            await(release);
                            throw new IllegalStateException("database unreachable");
                        });
                    } catch (IllegalStateException expected) {
                        return System.nanoTime() - start;
                    }
                    throw new AssertionError("the load's failure did not reach this waiter");
                }));
            }
            Thread.sleep(300); // every waiter is blocked on the one load
            release.countDown();
            for (Future<Long> w : waiters) {
                assertThat(Duration.ofNanos(w.get())).isLessThan(Duration.ofSeconds(2));
            }
        }
        assertThat(loads).hasValue(1);
        assertThat(cache.get("key", k -> "loaded after the failure"))
                .as("a failed load is not kept")
                .isEqualTo("loaded after the failure");
    }

    @Test
    void aValueIsReusedWithinItsLifetimeAndLoadedAgainAfter() throws Exception {
        ShortLivedCache<String, Integer> cache = new ShortLivedCache<>(Duration.ofMillis(200), 100);
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.get("k", k -> loads.incrementAndGet())).isEqualTo(1);
        assertThat(cache.get("k", k -> loads.incrementAndGet())).isEqualTo(1);
        Thread.sleep(250);
        assertThat(cache.get("k", k -> loads.incrementAndGet())).isEqualTo(2);
        cache.invalidateIf(v -> v == 2);
        assertThat(cache.get("k", k -> loads.incrementAndGet())).isEqualTo(3);
        assertThatThrownBy(() -> cache.get("other", k -> {
                    throw new IllegalArgumentException("as thrown");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("as thrown");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
