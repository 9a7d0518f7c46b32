package app.clearmargin.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One endpoint's deliveries leased by this node: some waiting, at most {@code concurrency} being sent.
 * A sender that finishes takes the endpoint's next waiting delivery at once, so a busy endpoint does
 * not wait for a database round trip between two attempts; the loop keeps the queue topped up.
 */
final class EndpointQueue {

    private final int concurrency;
    private final int capacity;
    private final ConcurrentLinkedQueue<LeasedDelivery> waiting = new ConcurrentLinkedQueue<>();
    /** Leased here: waiting or being sent. */
    private final AtomicInteger held = new AtomicInteger();

    private final AtomicInteger senders = new AtomicInteger();

    EndpointQueue(int concurrency, int capacity) {
        this.concurrency = concurrency;
        this.capacity = capacity;
    }

    /** Takes a place for a delivery about to be leased, if the endpoint has one free. */
    boolean reserve() {
        if (held.incrementAndGet() <= capacity) {
            return true;
        }
        held.decrementAndGet();
        return false;
    }

    /** Counts a delivery leased by a claim round (which asked for at most {@link #free()}). */
    void taken() {
        held.incrementAndGet();
    }

    /** Gives back a place: the delivery was sent, or its lease was not written after all. */
    int release() {
        return held.decrementAndGet();
    }

    int held() {
        return held.get();
    }

    int free() {
        return Math.max(0, capacity - held.get());
    }

    /** Deliveries leased here and not yet handed to a sender. */
    int waiting() {
        return waiting.size();
    }

    /** Nothing held, waiting or being sent. */
    boolean idle() {
        return held.get() == 0 && senders.get() == 0 && waiting.isEmpty();
    }

    void add(LeasedDelivery delivery) {
        waiting.add(delivery);
    }

    /** Starts senders on the executor while deliveries wait and fewer than the cap are sending. */
    void send(Executor executor, Consumer<LeasedDelivery> attempt) {
        while (!waiting.isEmpty() && tryStartSender()) {
            executor.execute(() -> work(attempt));
        }
    }

    /** The deliveries still waiting, taken out of the queue (their places stay held). */
    List<LeasedDelivery> takeWaiting() {
        List<LeasedDelivery> taken = new ArrayList<>();
        for (LeasedDelivery d; (d = waiting.poll()) != null; ) {
            taken.add(d);
        }
        return taken;
    }

    private void work(Consumer<LeasedDelivery> attempt) {
        while (true) {
            LeasedDelivery next = waiting.poll();
            if (next != null) {
                attempt.accept(next);
                continue;
            }
            senders.decrementAndGet();
            // a delivery added between the poll and the decrement saw no free sender: take it on
            if (waiting.isEmpty() || !tryStartSender()) {
                return;
            }
        }
    }

    private boolean tryStartSender() {
        for (int n = senders.get(); n < concurrency; n = senders.get()) {
            if (senders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }
}
