package app.clearmargin.webhooks;

import app.clearmargin.events.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * This node's delivery loop: one thread that, in rounds, dispatches the outbox ({@link OutboxDispatcher})
 * and leases due deliveries ({@link DeliveryClaimer}) for the {@link EndpointSenders}. A commit that
 * wrote events wakes it to dispatch; senders running low wake it to claim; otherwise a one-second tick
 * dispatches (other nodes' events are only seen that way). On shutdown it gives back the leases of
 * deliveries not yet sent and lets the attempts under way finish.
 */
@Component
class DeliveryLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

    private final OutboxDispatcher dispatcher;
    private final DeliveryClaimer claimer;
    private final EndpointSenders senders;
    private final Clock clock;
    private final boolean cli;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /**
     * Held while this node dispatches and claims (its loop, or run-jobs): run-jobs waits for a loop
     * round in progress, so the sends that round starts are counted before it waits for idleness.
     */
    private final ReentrantLock round = new ReentrantLock();

    private volatile boolean running;
    private volatile boolean nudged;
    /** New events in the outbox (or the one-second tick): the next round dispatches before it claims. */
    private volatile boolean outboxNudged = true;

    private volatile @Nullable Thread loop;

    DeliveryLoop(
            OutboxDispatcher dispatcher,
            DeliveryClaimer claimer,
            EndpointSenders senders,
            Clock clock,
            @Value("${clearmargin.cli:false}") boolean cli) {
        this.dispatcher = dispatcher;
        this.claimer = claimer;
        this.senders = senders;
        this.clock = clock;
        this.cli = cli;
        senders.whenRoomFrees(() -> signal(false));
    }

    // ------------------------------------------------------------------ lifecycle

    @EventListener(ApplicationReadyEvent.class)
    void startLoop() {
        if (cli || loop != null) {
            return;
        }
        running = true;
        loop = Thread.ofPlatform().name("webhook-deliveries").daemon().start(this::runLoop);
    }

    @Override
    public void start() {}

    @Override
    public void stop() {
        running = false;
        signal(true);
        senders.withdrawWaiting(claimer::giveBack);
        senders.awaitIdle(Duration.ofSeconds(15));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // stop early on shutdown, before the pool closes
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onOutboxWritten(Events.OutboxWritten written) {
        signal(true);
    }

    private void signal(boolean outbox) {
        lock.lock();
        try {
            nudged = true;
            outboxNudged |= outbox;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void runLoop() {
        while (running) {
            try {
                if (outboxNudged) {
                    outboxNudged = false;
                    dispatchAndClaim();
                } else {
                    claimAndSend();
                }
            } catch (RuntimeException e) {
                log.warn("webhook delivery loop: {}", e.toString());
            }
            lock.lock();
            try {
                if (!nudged && running && !wake.await(1, TimeUnit.SECONDS)) {
                    outboxNudged = true; // the tick: other nodes' events are only seen this way
                }
                nudged = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    // ------------------------------------------------------------------ rounds

    /**
     * Dispatches the outbox and attempts every due delivery, returning when those attempts (and any
     * already in flight on this node) are written. Used by {@code POST /api/testing/run-jobs}.
     */
    void runDue() {
        for (int i = 0; i < 100; i++) {
            int taken = dispatchAndClaim();
            senders.awaitIdle(Duration.ofSeconds(60));
            if (taken == 0) {
                return;
            }
        }
    }

    /** One round: dispatches the outbox and starts the due attempts; returns how many events and attempts it took. */
    private int dispatchAndClaim() {
        round.lock();
        try {
            return dispatcher.dispatch() + claimAndSend();
        } finally {
            round.unlock();
        }
    }

    /**
     * Claims due deliveries, each endpoint's oldest first and at most its free places on this node, and
     * starts sending them; returns how many started. One claimer at a time on a node (the places are
     * counted before the claim and taken after it); other nodes are kept apart by the leases.
     */
    int claimAndSend() {
        round.lock();
        try {
            if (loop != null && !running) {
                return 0; // stopping: take no new leases (those not yet sent were just given back)
            }
            int room = senders.room();
            if (room == 0) {
                return 0;
            }
            List<LeasedDelivery> claimed =
                    claimer.claim(clock.instant().atOffset(ZoneOffset.UTC), room, senders.busy());
            senders.taken(claimed);
            senders.start(claimed);
            senders.dropIdleQueues();
            return claimed.size();
        } finally {
            round.unlock();
        }
    }
}
