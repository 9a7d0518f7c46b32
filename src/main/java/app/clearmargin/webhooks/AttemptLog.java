package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records attempts: each delivery's new state and retry, and its endpoint's health. Attempts that
 * finish while a write is running are written together by the next one (one transaction, two
 * statements, whatever their number), so the cost of recording does not grow with the delivery rate.
 */
final class AttemptLog {

    private static final Logger log = LoggerFactory.getLogger(AttemptLog.class);
    /** How stale a healthy endpoint's {@code lastSuccessAt} may be (docs/webhooks.md). */
    static final Duration HEALTH_RESOLUTION = Duration.ofSeconds(1);

    private static final int MAX_BATCH = 1000;
    private static final int WRITE_TRIES = 3;

    /** A finished attempt, its outcome and what it leads to. */
    record Attempt(
            LeasedDelivery delivery,
            Outcome outcome,
            Instant at,
            int attempts,
            String status,
            Optional<Instant> nextAttemptAt,
            Runnable whenRecorded) {

        static Attempt of(LeasedDelivery d, Outcome o, Instant at, Runnable whenRecorded) {
            int attempts = d.attempts() + 1;
            Optional<Instant> retry =
                    o.success() ? Optional.empty() : RetryPolicy.next(attempts, d.windowStartedAt(), at);
            String status = o.success() ? "succeeded" : retry.isPresent() ? "retrying" : "failed";
            return new Attempt(d, o, at, attempts, status, retry, whenRecorded);
        }
    }

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final WebhookMetrics metrics;
    private final LinkedBlockingQueue<Attempt> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    AttemptLog(DSLContext db, TransactionTemplate tx, WebhookMetrics metrics) {
        this.db = db;
        this.tx = tx;
        this.metrics = metrics;
    }

    /** Queues an attempt to be written soon, on another thread; its callback runs once it is. */
    void submit(Attempt attempt) {
        queue.add(attempt);
        if (writing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("webhook-attempt-log").start(this::drain);
        }
    }

    /** Attempts queued and not yet written. */
    int backlog() {
        return queue.size();
    }

    private void drain() {
        while (true) {
            List<Attempt> batch = new ArrayList<>();
            queue.drainTo(batch, MAX_BATCH);
            if (batch.isEmpty()) {
                writing.set(false);
                // an attempt queued between drainTo and set(false) found the flag still up: take it over
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                writeWithRetries(batch);
            } finally {
                batch.forEach(a -> a.whenRecorded().run());
            }
        }
    }

    private void writeWithRetries(List<Attempt> batch) {
        for (int tryNo = 1; ; tryNo++) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                if (tryNo == WRITE_TRIES) {
                    // the leases expire and these deliveries are attempted again (at least once)
                    log.error("{} webhook attempts could not be recorded", batch.size(), e);
                    return;
                }
                log.warn("recording {} webhook attempts failed, trying again: {}", batch.size(), e.toString());
                sleepQuietly(Duration.ofMillis(100L * tryNo));
            }
        }
    }

    /** Writes the attempts in one transaction: the deliveries, then each endpoint's health once. */
    void write(List<Attempt> batch) {
        tx.executeWithoutResult(s -> {
            // Not waiting for the WAL flush is safe here: if the database crashes before it, the lease
            // expires and the delivery is sent again (at least once, same X-Webhook-Id).
            db.execute("SET LOCAL synchronous_commit = off");
            writeDeliveries(batch);
            writeHealth(batch);
        });
        // counted once written: an attempt whose record is lost is made again and counted then
        batch.forEach(a -> metrics.attempted(a.status(), a.outcome().status()));
    }

    private void writeDeliveries(List<Attempt> batch) {
        db.execute(
                """
                UPDATE webhook_deliveries d
                   SET status = v.status, attempts = v.attempts, last_attempt_at = v.at, next_attempt_at = v.next_at,
                       response_status = v.response_status, response_body = v.response_body, error = v.error,
                       duration_ms = v.duration_ms, locked_until = NULL, locked_by = NULL, updated_at = v.at
                  FROM unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})
                       AS v(organization_id, id, status, attempts, at, next_at, response_status, response_body, error,
                            duration_ms)
                 WHERE d.organization_id = v.organization_id AND d.id = v.id""",
                uuids(batch, a -> a.delivery().organizationId()),
                uuids(batch, a -> a.delivery().id()),
                texts(batch, Attempt::status),
                integers(batch, Attempt::attempts),
                timestamps(batch, a -> utc(a.at())),
                timestamps(batch, a -> a.nextAttemptAt().map(AttemptLog::utc).orElse(null)),
                integers(batch, a -> a.outcome().status()),
                texts(batch, a -> a.outcome().responseBody()),
                texts(batch, a -> a.outcome().error()),
                integers(batch, a -> (int) a.outcome().durationMs()));
    }

    /**
     * One health change per endpoint, from its attempts in order: failures after its last success in
     * the batch count on (or, after a success, from zero). A healthy endpoint's row is left alone
     * unless {@code lastSuccessAt} is {@link #HEALTH_RESOLUTION} old: writing it on every success made
     * a busy endpoint's attempts queue on its row lock. Rows are locked in key order, so two nodes
     * recording for the same endpoints never deadlock.
     */
    private void writeHealth(List<Attempt> batch) {
        Map<Endpoint, Health> byEndpoint = new LinkedHashMap<>();
        for (Attempt a : batch) {
            byEndpoint
                    .computeIfAbsent(
                            new Endpoint(
                                    a.delivery().organizationId(), a.delivery().webhookId()),
                            e -> new Health())
                    .add(a);
        }
        List<Map.Entry<Endpoint, Health>> rows = List.copyOf(byEndpoint.entrySet());
        db.execute(
                HEALTH_SQL,
                uuids(rows, e -> e.getKey().organizationId()),
                uuids(rows, e -> e.getKey().webhookId()),
                timestamps(rows, e -> e.getValue().lastSuccess),
                timestamps(rows, e -> e.getValue().lastFailure),
                integers(rows, e -> e.getValue().trailingFailures),
                timestamps(rows, e -> e.getValue().firstTrailingFailure),
                booleans(rows, e -> e.getValue().gaveUp),
                DSL.val(HEALTH_RESOLUTION.toSeconds()),
                DSL.val(RetryPolicy.GIVE_UP_AFTER.toSeconds()));
    }

    /** The endpoint's failing_since after the batch. */
    private static final String FAILING_SINCE = """
            CASE WHEN v.trailing_failures = 0 THEN NULL
                 WHEN v.last_success IS NULL THEN coalesce(w.failing_since, v.first_trailing_failure)
                 ELSE v.first_trailing_failure END""";

    /** Every delivery failing for three days disables the endpoint until it is re-enabled. */
    private static final String DISABLE = """
            coalesce(v.gave_up AND w.enabled AND (%1$s) <= v.last_failure - {8} * interval '1 second'
                     AND (coalesce(v.last_success, w.last_success_at) IS NULL
                          OR coalesce(v.last_success, w.last_success_at) < (%1$s)), false)""".formatted(FAILING_SINCE);

    // The SET list reads w (not a copy of it taken earlier in the statement), so when another node
    // changed the row just before this one locked it, the new values build on that change.
    private static final String HEALTH_SQL = """
            WITH v AS (
                SELECT * FROM unnest({0}, {1}, {2}, {3}, {4}, {5}, {6})
                       AS v(organization_id, id, last_success, last_failure, trailing_failures, first_trailing_failure,
                            gave_up)),
            changed AS (
                SELECT w.organization_id, w.id
                  FROM webhooks w JOIN v ON v.organization_id = w.organization_id AND v.id = w.id
                 WHERE v.last_failure IS NOT NULL OR w.consecutive_failures <> 0 OR w.failing_since IS NOT NULL
                    OR w.last_success_at IS NULL OR w.last_success_at < v.last_success - {7} * interval '1 second'
                 ORDER BY w.organization_id, w.id
                   FOR NO KEY UPDATE OF w)
            UPDATE webhooks w
               SET consecutive_failures = CASE WHEN v.last_success IS NULL
                       THEN w.consecutive_failures + v.trailing_failures ELSE v.trailing_failures END,
                   last_success_at = coalesce(v.last_success, w.last_success_at),
                   last_failure_at = coalesce(v.last_failure, w.last_failure_at),
                   failing_since = %1$s,
                   enabled = w.enabled AND NOT %2$s,
                   disabled_reason = CASE WHEN %2$s THEN 'failing' ELSE w.disabled_reason END
              FROM changed, v
             WHERE w.organization_id = changed.organization_id AND w.id = changed.id
               AND v.organization_id = w.organization_id AND v.id = w.id""".formatted(FAILING_SINCE, DISABLE);

    private record Endpoint(UUID organizationId, UUID webhookId) {}

    /** An endpoint's attempts in one batch, folded in the order they finished. */
    private static final class Health {
        @Nullable
        OffsetDateTime lastSuccess;

        @Nullable
        OffsetDateTime lastFailure;

        int trailingFailures;

        @Nullable
        OffsetDateTime firstTrailingFailure;

        boolean gaveUp;

        void add(Attempt a) {
            OffsetDateTime at = utc(a.at());
            if (a.outcome().success()) {
                lastSuccess = at;
                trailingFailures = 0;
                firstTrailingFailure = null;
                return;
            }
            lastFailure = at;
            if (trailingFailures++ == 0) {
                firstTrailingFailure = at;
            }
            gaveUp |= "failed".equals(a.status());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
