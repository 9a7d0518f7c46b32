package app.clearmargin.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the deliveries this node has leased. Each endpoint's deliveries wait in its
 * {@link EndpointQueue} and are sent on virtual threads, at most {@link #PER_ENDPOINT} at a time, so a
 * slow or dead endpoint never delays the others; the {@link AttemptLog} records every attempt with
 * its retry schedule. A delivery is in flight here from its lease until its attempt is written.
 */
@Component
class EndpointSenders {

    private static final Logger log = LoggerFactory.getLogger(EndpointSenders.class);
    static final int PER_ENDPOINT = 8;
    /** Deliveries one node leases per endpoint: those being sent and as many waiting to follow. */
    static final int HELD_PER_ENDPOINT = 2 * PER_ENDPOINT;
    /** Deliveries one node holds leased (waiting, being sent or awaiting their record), all endpoints together. */
    static final int MAX_IN_FLIGHT = 1024;
    /** Finished attempts waiting to be written beyond which a node claims no more. */
    static final int MAX_UNRECORDED = 5000;

    private final WebhookSender sender;
    private final AttemptLog attempts;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<UUID, EndpointQueue> endpoints = new ConcurrentHashMap<>();
    /** Deliveries leased by this node whose attempt is not yet written. */
    private final AtomicInteger totalInFlight = new AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    /** A claim round found no room (too many in flight or unrecorded). */
    private volatile boolean starved;
    /** Told when there is room to lease more: an endpoint's queue runs low, or a starved node recorded an attempt. */
    private volatile Runnable roomFreed = () -> {};

    EndpointSenders(DSLContext db, TransactionTemplate tx, Clock clock, WebhookSender sender, WebhookMetrics metrics) {
        this.sender = sender;
        this.attempts = new AttemptLog(db, tx, metrics);
        this.clock = clock;
    }

    /** Who to wake when there is room to lease more (the delivery loop). */
    void whenRoomFrees(Runnable wake) {
        this.roomFreed = wake;
    }

    // ------------------------------------------------------------------ room

    /** How many more deliveries this node may lease now; none while too many wait to be recorded. */
    int room() {
        int room = MAX_IN_FLIGHT - totalInFlight.get();
        if (room <= 0 || attempts.backlog() > MAX_UNRECORDED) {
            starved = true; // the next recorded attempt wakes the loop again
            return 0;
        }
        return room;
    }

    /**
     * Takes a place in an endpoint's queue for a delivery about to be leased, if the endpoint has one
     * free and this node has room beside the {@code alsoReserved} places it is taking in the same breath.
     */
    boolean reserve(UUID webhookId, int alsoReserved) {
        return totalInFlight.get() + alsoReserved < MAX_IN_FLIGHT && counted(webhookId, EndpointQueue::reserve);
    }

    /** Gives back a place reserved for a delivery whose lease was not written after all. */
    void unreserve(UUID webhookId) {
        endpoint(webhookId).release();
    }

    /** Counts the deliveries a claim round leased (the round asked for at most the free places). */
    void taken(List<LeasedDelivery> claimed) {
        claimed.forEach(d -> counted(d.webhookId(), queue -> {
            queue.taken();
            return true;
        }));
    }

    /** The endpoints this node holds deliveries of, with their free places (a claim leases at most those). */
    List<DeliveryClaimer.Busy> busy() {
        return endpoints.entrySet().stream()
                .filter(e -> e.getValue().held() > 0)
                .map(e -> new DeliveryClaimer.Busy(e.getKey(), e.getValue().free()))
                .toList();
    }

    /** The queue of an endpoint this node holds deliveries of (it exists from their lease to their record). */
    private EndpointQueue endpoint(UUID webhookId) {
        return endpoints.computeIfAbsent(webhookId, k -> new EndpointQueue(PER_ENDPOINT, HELD_PER_ENDPOINT));
    }

    /**
     * Counts a delivery in its endpoint's queue inside the map's per-key lock, so that an idle queue is
     * never dropped between being looked up and counting it (which would count it on a queue nobody
     * finds again).
     */
    private boolean counted(UUID webhookId, Predicate<EndpointQueue> count) {
        boolean[] counted = new boolean[1];
        endpoints.compute(webhookId, (k, q) -> {
            EndpointQueue queue = q == null ? new EndpointQueue(PER_ENDPOINT, HELD_PER_ENDPOINT) : q;
            counted[0] = count.test(queue);
            return queue;
        });
        return counted[0];
    }

    /** The endpoints this node keeps a queue for. */
    Set<UUID> queuedEndpoints() {
        return Set.copyOf(endpoints.keySet());
    }

    /** Deliveries of an endpoint leased here and not yet handed to a sender. */
    int waiting(UUID webhookId) {
        EndpointQueue queue = endpoints.get(webhookId);
        return queue == null ? 0 : queue.waiting();
    }

    /** Drops the queues of endpoints this node holds nothing of, so the map stays as small as the work. */
    void dropIdleQueues() {
        endpoints.keySet().forEach(id -> endpoints.computeIfPresent(id, (k, q) -> q.idle() ? null : q));
    }

    // ------------------------------------------------------------------ sending

    /** Queues leased deliveries at their endpoints and starts the senders that have room. */
    void start(List<LeasedDelivery> leased) {
        totalInFlight.addAndGet(leased.size());
        Set<EndpointQueue> touched = new HashSet<>();
        for (LeasedDelivery d : leased) {
            EndpointQueue queue = endpoint(d.webhookId());
            queue.add(d);
            touched.add(queue);
        }
        touched.forEach(q -> q.send(threads, this::attempt));
    }

    /**
     * Sends one leased delivery and hands its outcome to the attempt log. The endpoint's place is free
     * as soon as the endpoint has answered; the delivery stays leased until its attempt is written.
     */
    private void attempt(LeasedDelivery d) {
        Outcome outcome;
        try {
            outcome = sender.send(d);
        } catch (RuntimeException e) {
            log.error("webhook delivery {} failed unexpectedly", d.id(), e);
            outcome = new Outcome(false, null, null, "internal error", 0);
        } finally {
            if (endpoint(d.webhookId()).release() <= PER_ENDPOINT) {
                roomFreed.run(); // the endpoint's queue runs low: top it up now, not at the next tick
            }
        }
        attempts.submit(AttemptLog.Attempt.of(d, outcome, clock.instant(), this::attemptRecorded));
    }

    private void attemptRecorded() {
        if (starved) {
            starved = false;
            roomFreed.run();
        }
        if (totalInFlight.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Takes the deliveries still waiting out of their queues and forgets them after {@code giveBack}
     * (which returns their leases): on shutdown, so another node sends them at once.
     */
    void withdrawWaiting(Consumer<List<LeasedDelivery>> giveBack) {
        List<LeasedDelivery> waiting = new ArrayList<>();
        endpoints.values().forEach(e -> waiting.addAll(e.takeWaiting()));
        if (waiting.isEmpty()) {
            return;
        }
        giveBack.accept(waiting);
        waiting.forEach(d -> {
            endpoint(d.webhookId()).release();
            attemptRecorded();
        });
    }

    /** Waits until every delivery this node holds has had its attempt written, at most {@code max}. */
    void awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lock();
        try {
            while (totalInFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Attempts a leased delivery now, on this thread, and writes its attempt before returning (the
     * webhook's ping, sent outside any transaction: the endpoint may take the whole timeout to answer).
     * Should this node die first, the lease expires and it is sent as any other due delivery.
     */
    void sendNow(LeasedDelivery d) {
        Outcome outcome = sender.send(d);
        attempts.write(List.of(AttemptLog.Attempt.of(d, outcome, clock.instant(), () -> {})));
    }
}
