package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;

import app.clearmargin.events.Events;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns outbox events into webhook deliveries and sends them.
 *
 * <p>Dispatch claims undelivered events with {@code FOR UPDATE SKIP LOCKED} and writes one delivery
 * per subscribed, enabled webhook in the same transaction. Sending claims due deliveries with a lease
 * (a conditional update: exactly one node wins each attempt; a dead node's lease expires), sends each
 * on its own virtual thread, at most {@link #PER_ENDPOINT} at a time per endpoint so a slow or dead
 * endpoint never delays the others, and records every attempt with its retry schedule.
 */
@Component
public class Deliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    static final int PER_ENDPOINT = 8;
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int RESPONSE_BODY_LIMIT = 2048;
    /** How stale a healthy endpoint's {@code lastSuccessAt} may be (docs/webhooks.md). */
    static final Duration HEALTH_RESOLUTION = Duration.ofSeconds(1);
    private static final int BATCH = 200;

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Ids ids;
    private final TargetGuard guard;
    private final boolean cli;
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger totalInFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Held while this node dispatches and claims (its loop, or run-jobs): run-jobs waits for a loop
     * round in progress, so the sends that round starts are counted before it waits for idleness.
     */
    private final ReentrantLock round = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private volatile boolean running;
    private volatile boolean nudged;
    private Thread loop;

    Deliveries(DSLContext db, TransactionTemplate tx, Clock clock, Ids ids, TargetGuard guard,
            @Value("${clearmargin.cli:false}") boolean cli) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.ids = ids;
        this.guard = guard;
        this.cli = cli;
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
        signal();
        awaitIdle(Duration.ofSeconds(15));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onOutboxWritten(Events.OutboxWritten written) {
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            nudged = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void runLoop() {
        while (running) {
            try {
                dispatchAndClaim();
            } catch (RuntimeException e) {
                log.warn("webhook delivery loop: {}", e.toString());
            }
            lock.lock();
            try {
                if (!nudged && running) {
                    wake.await(1, TimeUnit.SECONDS);
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

    /**
     * Dispatches the outbox and attempts every due delivery, returning when those attempts (and any
     * already in flight on this node) are done. Used by {@code POST /api/testing/run-jobs}.
     */
    public void runDue() {
        for (int i = 0; i < 100; i++) {
            int taken = dispatchAndClaim();
            awaitIdle(Duration.ofSeconds(60));
            if (taken == 0) {
                return;
            }
        }
    }

    /** One round: dispatches the outbox and starts the due attempts; returns how many events and attempts it took. */
    private int dispatchAndClaim() {
        round.lock();
        try {
            return dispatch() + claimAndSend(Set.of());
        } finally {
            round.unlock();
        }
    }

    private void awaitIdle(Duration max) {
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

    // ------------------------------------------------------------------ dispatch

    /** Writes the deliveries of undispatched events; returns how many events it took. */
    int dispatch() {
        int total = 0;
        while (true) {
            Integer n = tx.execute(s -> dispatchBatch());
            if (n == null || n == 0) {
                return total;
            }
            total += n;
        }
    }

    private int dispatchBatch() {
        List<? extends Record> events = db.select(E_ORG, E_ID, E_TYPE, E_DATA, E_CREATED)
                .from(EVENTS)
                .where(E_DISPATCHED.isFalse())
                .orderBy(E_CREATED)
                .limit(BATCH)
                .forUpdate().skipLocked()
                .fetch();
        if (events.isEmpty()) {
            return 0;
        }
        Map<UUID, List<? extends Record>> hooksByOrg = new HashMap<>();
        OffsetDateTime now = now();
        var insert = db.insertInto(DELIVERIES, D_ORG, D_ID, D_WEBHOOK, D_EVENT, D_EVENT_TYPE, D_STATUS, D_ATTEMPTS,
                D_NEXT_ATTEMPT, D_BODY, DSL.field(DSL.name("window_started_at"), OffsetDateTime.class), D_CREATED, D_UPDATED);
        int rows = 0;
        for (Record e : events) {
            UUID org = e.get(E_ORG);
            List<? extends Record> hooks = hooksByOrg.computeIfAbsent(org, o -> db.select(W_ID, W_EVENTS).from(HOOKS)
                    .where(W_ORG.eq(o)).and(W_ENABLED.isTrue()).fetch());
            String type = e.get(E_TYPE);
            String body = envelope(Ids.format("evt", e.get(E_ID)), type, e.get(E_CREATED).toInstant(), e.get(E_DATA));
            for (Record h : hooks) {
                List<String> wanted = List.of(h.get(W_EVENTS));
                if (wanted.contains("*") || wanted.contains(type)) {
                    insert = insert.values(org, ids.newUuid(), h.get(W_ID), e.get(E_ID), type, "pending", 0, now, body, now, now, now);
                    rows++;
                }
            }
        }
        if (rows > 0) {
            insert.execute();
        }
        db.update(EVENTS).set(E_DISPATCHED, true)
                .where(DSL.row(E_ORG, E_ID).in(events.stream().map(e -> DSL.row(e.get(E_ORG), e.get(E_ID))).toList()))
                .execute();
        return events.size();
    }

    /** The delivered body: exactly id, event, timestamp and data; fixed once, so every attempt sends the same bytes. */
    static String envelope(String eventId, String type, Instant createdAt, JSONB data) {
        return "{\"id\":\"" + eventId + "\",\"event\":\"" + type + "\",\"timestamp\":\"" + Times.format(createdAt)
                + "\",\"data\":" + data.data() + "}";
    }

    // ------------------------------------------------------------------ sending

    /** A claimed delivery and what is needed to attempt it. */
    record Claimed(UUID organizationId, UUID id, UUID webhookId, UUID eventId, String eventType, int attempts, String body,
            Instant windowStartedAt) {}

    /** Claims due deliveries (within the per-endpoint cap) and starts sending them; returns how many started. */
    int claimAndSend(Set<UUID> onlyWebhooks) {
        OffsetDateTime now = now();
        List<UUID> saturated = inFlight.entrySet().stream().filter(e -> e.getValue().get() >= PER_ENDPOINT)
                .map(Map.Entry::getKey).toList();
        var due = db.select(D_ORG, D_ID, D_WEBHOOK)
                .from(DELIVERIES)
                .join(HOOKS).on(W_ORG.eq(D_ORG)).and(W_ID.eq(D_WEBHOOK))
                .where(D_STATUS.in("pending", "retrying"))
                .and(D_NEXT_ATTEMPT.le(now))
                .and(D_LOCKED_UNTIL.isNull().or(D_LOCKED_UNTIL.lt(now)))
                .and(W_ENABLED.isTrue())
                .and(saturated.isEmpty() ? DSL.noCondition() : D_WEBHOOK.notIn(saturated))
                .and(onlyWebhooks.isEmpty() ? DSL.noCondition() : D_WEBHOOK.in(onlyWebhooks))
                .orderBy(D_NEXT_ATTEMPT)
                .limit(BATCH)
                .fetch();
        // reserve the endpoints' slots before claiming: several senders of this node (the loop,
        // run-jobs) claim at once, and a check-then-increment would let them overshoot the cap together
        List<Record> reserved = new ArrayList<>();
        for (Record r : due) {
            AtomicInteger endpoint = inFlight.computeIfAbsent(r.get(D_WEBHOOK), k -> new AtomicInteger());
            if (endpoint.incrementAndGet() > PER_ENDPOINT) {
                endpoint.decrementAndGet();
            } else {
                reserved.add(r);
            }
        }
        if (reserved.isEmpty()) {
            return 0;
        }
        // one statement (one commit) takes the leases of the whole round
        List<Claimed> claimed = claim(reserved, now);
        Set<UUID> won = new HashSet<>();
        claimed.forEach(c -> won.add(c.id()));
        for (Record r : reserved) {
            if (!won.contains(r.get(D_ID))) {
                inFlight.get(r.get(D_WEBHOOK)).decrementAndGet(); // another node holds it
            }
        }
        for (Claimed c : claimed) {
            AtomicInteger endpoint = inFlight.get(c.webhookId());
            totalInFlight.incrementAndGet();
            senders.submit(() -> {
                try {
                    attempt(c);
                } catch (RuntimeException e) {
                    log.error("delivery {} could not be recorded", c.id(), e);
                } finally {
                    endpoint.decrementAndGet();
                    // a slot is free: claim the endpoint's next due delivery now, not at the next
                    // one-second tick (a backlog would otherwise drain at PER_ENDPOINT a second)
                    signal();
                    if (totalInFlight.decrementAndGet() == 0) {
                        lock.lock();
                        try {
                            idle.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            });
        }
        return claimed.size();
    }

    /** Takes the leases of the given due deliveries that nobody holds; exactly one node wins each. */
    List<Claimed> claim(List<Record> candidates, OffsetDateTime now) {
        return db.update(DELIVERIES)
                .set(D_LOCKED_UNTIL, now.plus(LEASE))
                .set(D_LOCKED_BY, node)
                .where(DSL.row(D_ORG, D_ID).in(candidates.stream().map(r -> DSL.row(r.get(D_ORG), r.get(D_ID))).toList()))
                .and(D_STATUS.in("pending", "retrying"))
                .and(D_LOCKED_UNTIL.isNull().or(D_LOCKED_UNTIL.lt(now)))
                .returning(D_ORG, D_ID, D_WEBHOOK, D_EVENT, D_EVENT_TYPE, D_ATTEMPTS, D_BODY,
                        DSL.field(DSL.name("window_started_at"), OffsetDateTime.class))
                .fetch(r -> new Claimed(r.get(D_ORG), r.get(D_ID), r.get(D_WEBHOOK), r.get(D_EVENT), r.get(D_EVENT_TYPE),
                        r.get(D_ATTEMPTS), r.get(D_BODY), r.get("window_started_at", OffsetDateTime.class).toInstant()));
    }

    /** The outcome of one attempt. */
    record Outcome(boolean success, Integer status, String responseBody, String error, long durationMs) {}

    /** Sends one claimed delivery and records the attempt. */
    void attempt(Claimed d) {
        Record hook = db.select(W_URL, W_SECRET).from(HOOKS).where(W_ORG.eq(d.organizationId()), W_ID.eq(d.webhookId()))
                .fetchOne();
        if (hook == null) { // the webhook was deleted: nothing to deliver to
            db.update(DELIVERIES).set(D_STATUS, "failed").set(D_ERROR, "webhook deleted").set(D_LOCKED_UNTIL, (OffsetDateTime) null)
                    .set(D_NEXT_ATTEMPT, (OffsetDateTime) null).where(D_ORG.eq(d.organizationId()), D_ID.eq(d.id())).execute();
            return;
        }
        Outcome outcome = send(hook.get(W_URL), hook.get(W_SECRET), d);
        record(d, outcome);
    }

    Outcome send(String url, String secret, Claimed d) {
        long started = System.nanoTime();
        TargetGuard.Verdict verdict = guard.judge(url);
        if (verdict != TargetGuard.Verdict.ALLOWED) {
            return new Outcome(false, null, null, verdict == TargetGuard.Verdict.REFUSED ? TargetGuard.REFUSED_MESSAGE
                    : "could not resolve the target host", elapsed(started));
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Clearmargin-Webhooks/1")
                .header("X-Webhook-Id", Ids.format("evt", d.eventId()))
                .header("X-Webhook-Event", d.eventType())
                .header("X-Webhook-Timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null && !secret.isEmpty()) {
            request.header("X-Signature", Signer.sign(secret, timestamp, body));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String responseBody = new String(response.body(), 0, Math.min(response.body().length, RESPONSE_BODY_LIMIT),
                    StandardCharsets.UTF_8);
            boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
            return new Outcome(ok, response.statusCode(), responseBody, ok ? null : "HTTP " + response.statusCode(),
                    elapsed(started));
        } catch (HttpTimeoutException e) {
            return new Outcome(false, null, null, "timeout after " + TIMEOUT.toSeconds() + " s", elapsed(started));
        } catch (ConnectException e) {
            return new Outcome(false, null, null, "connection refused", elapsed(started));
        } catch (IOException e) {
            return new Outcome(false, null, null, "connection failed: " + e.getMessage(), elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, null, null, "interrupted", elapsed(started));
        } catch (IllegalArgumentException e) {
            return new Outcome(false, null, null, "invalid target URL", elapsed(started));
        }
    }

    /** Records an attempt: the delivery's state and retry, and the endpoint's health. */
    void record(Claimed d, Outcome o) {
        tx.executeWithoutResult(s -> {
            // Not waiting for the WAL flush is safe here: if the database crashes before it, the lease
            // expires and the delivery is sent again (at least once, same X-Webhook-Id), while every
            // healthy delivery stops paying a disk flush of its own.
            db.execute("SET LOCAL synchronous_commit = off");
            Instant now = clock.instant();
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            int attempts = d.attempts() + 1;
            Optional<Instant> retry = o.success() ? Optional.empty() : RetryPolicy.next(attempts, d.windowStartedAt(), now);
            String status = o.success() ? "succeeded" : retry.isPresent() ? "retrying" : "failed";
            db.update(DELIVERIES)
                    .set(D_STATUS, status)
                    .set(D_ATTEMPTS, attempts)
                    .set(D_LAST_ATTEMPT, at)
                    .set(D_NEXT_ATTEMPT, retry.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null))
                    .set(D_RESPONSE_STATUS, o.status())
                    .set(D_RESPONSE_BODY, o.responseBody())
                    .set(D_ERROR, o.error())
                    .set(D_DURATION, (int) o.durationMs())
                    .set(D_LOCKED_UNTIL, (OffsetDateTime) null)
                    .set(D_LOCKED_BY, (String) null)
                    .set(D_UPDATED, at)
                    .where(D_ORG.eq(d.organizationId()), D_ID.eq(d.id()))
                    .execute();
            var hook = db.update(HOOKS).set(W_UPDATED, W_UPDATED);
            if (o.success()) {
                // Only when the health changes, or lastSuccessAt is a second old: every write locks the
                // webhook's row, and one per delivery made a busy endpoint's deliveries queue on it.
                hook.set(W_FAILURES, 0).set(W_LAST_SUCCESS, at).set(W_FAILING_SINCE, (OffsetDateTime) null)
                        .where(W_ORG.eq(d.organizationId()), W_ID.eq(d.webhookId()))
                        .and(W_FAILURES.ne(0).or(W_FAILING_SINCE.isNotNull()).or(W_LAST_SUCCESS.isNull())
                                .or(W_LAST_SUCCESS.lt(at.minus(HEALTH_RESOLUTION))))
                        .execute();
                return;
            }
            hook.set(W_FAILURES, W_FAILURES.plus(1)).set(W_LAST_FAILURE, at)
                    .set(W_FAILING_SINCE, DSL.coalesce(W_FAILING_SINCE, DSL.val(at)))
                    .where(W_ORG.eq(d.organizationId()), W_ID.eq(d.webhookId())).execute();
            if ("failed".equals(status)) {
                // every delivery failing for three days disables the endpoint until it is re-enabled
                db.update(HOOKS).set(W_ENABLED, false).set(W_DISABLED_REASON, "failing")
                        .where(W_ORG.eq(d.organizationId()), W_ID.eq(d.webhookId()))
                        .and(W_ENABLED.isTrue())
                        .and(W_FAILING_SINCE.le(at.minus(RetryPolicy.GIVE_UP_AFTER)))
                        .and(W_LAST_SUCCESS.isNull().or(W_LAST_SUCCESS.lt(W_FAILING_SINCE)))
                        .execute();
            }
        });
    }

    /** Creates a ping delivery for one webhook and attempts it now (the webhook's test action). */
    UUID ping(UUID org, UUID webhookId, String url, String secret) {
        OffsetDateTime now = now();
        UUID id = ids.newUuid();
        UUID eventId = ids.newUuid();
        String data = "{\"documentType\":\"webhook\",\"documentId\":\"" + Ids.format("whk", webhookId) + "\",\"message\":"
                + "\"This is a test delivery from Clearmargin.\"}";
        String body = envelope(Ids.format("evt", eventId), "ping", now.toInstant(), JSONB.valueOf(data));
        db.insertInto(DELIVERIES, D_ORG, D_ID, D_WEBHOOK, D_EVENT, D_EVENT_TYPE, D_STATUS, D_ATTEMPTS, D_NEXT_ATTEMPT, D_BODY,
                        DSL.field(DSL.name("window_started_at"), OffsetDateTime.class), D_CREATED, D_UPDATED, D_LOCKED_UNTIL, D_LOCKED_BY)
                .values(org, id, webhookId, eventId, "ping", "pending", 0, now, body, now, now, now, now.plus(LEASE), node)
                .execute();
        Claimed claimed = new Claimed(org, id, webhookId, eventId, "ping", 0, body, now.toInstant());
        record(claimed, send(url, secret, claimed));
        return id;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // stop early on shutdown, before the pool closes
    }

    List<UUID> inFlightEndpoints() {
        return new ArrayList<>(inFlight.keySet());
    }
}
