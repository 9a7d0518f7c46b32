package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;

import app.clearmargin.shared.Backlog;
import app.clearmargin.shared.ShortLivedCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an operator watches of the webhooks: the outbox events not yet fanned out into deliveries, the
 * deliveries waiting for an attempt (pending or retrying) at enabled endpoints, and every recorded
 * attempt by result and the endpoint's status class. Deliveries held for a disabled endpoint are left
 * out: they wait on purpose (docs/webhooks.md) and would otherwise age into an alert nobody can act on. The two backlogs are read from the database at most every
 * {@link #FRESH} (two aggregate queries on partial indexes of the waiting rows, however often Prometheus
 * scrapes and however many nodes it scrapes); a failed read shows as a gap (NaN), not as zero.
 */
@Component
class WebhookMetrics {

    private static final Logger log = LoggerFactory.getLogger(WebhookMetrics.class);
    static final Duration FRESH = Duration.ofSeconds(5);

    /** The status classes of a failed attempt ("none": no answer, e.g. refused, timed out, not an allowed target). */
    private static final List<String> FAILED_CLASSES = List.of("3xx", "4xx", "5xx", "none");

    private record Backlogs(Backlog deliveries, Backlog events) {}

    private final DSLContext db;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ShortLivedCache<Boolean, Backlogs> backlogs = new ShortLivedCache<>(FRESH, 1);

    WebhookMetrics(DSLContext db, Clock clock, MeterRegistry registry) {
        this.db = db;
        this.clock = clock;
        this.registry = registry;
        gauge(
                "clearmargin.webhook.backlog.deliveries",
                null,
                "Deliveries waiting for an attempt at enabled endpoints (pending or retrying)",
                b -> b.deliveries().size());
        gauge(
                "clearmargin.webhook.backlog.oldest.age",
                "seconds",
                "Age of the oldest delivery waiting for an attempt",
                b -> b.deliveries().oldestAgeSeconds());
        gauge(
                "clearmargin.webhook.backlog.overdue",
                "seconds",
                "How long the earliest due delivery has been due (0: none is due yet)",
                b -> b.deliveries().overdueSeconds());
        gauge(
                "clearmargin.webhook.outbox.events",
                null,
                "Events not yet turned into deliveries",
                b -> b.events().size());
        gauge(
                "clearmargin.webhook.outbox.oldest.age",
                "seconds",
                "Age of the oldest event not yet turned into deliveries",
                b -> b.events().oldestAgeSeconds());
        // every series an alert or a dashboard uses exists from the start, at 0
        counter("succeeded", "2xx");
        FAILED_CLASSES.forEach(c -> {
            counter("retrying", c);
            counter("failed", c);
        });
    }

    /** Counts recorded attempts: {@code result} succeeded, retrying or failed; the endpoint's answer's class. */
    void attempted(String result, @Nullable Integer status) {
        counter(result, status == null ? "none" : status / 100 + "xx").increment();
    }

    private Counter counter(String result, String statusClass) {
        return Counter.builder("clearmargin.webhook.attempts")
                .description("Webhook delivery attempts recorded, by result and the endpoint's status class")
                .tag("result", result)
                .tag("status", statusClass)
                .register(registry);
    }

    private void gauge(String name, @Nullable String unit, String description, ToDoubleFunction<Backlogs> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.backlogs()))
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private Backlogs backlogs() {
        return backlogs.get(true, k -> read());
    }

    private Backlogs read() {
        try {
            Instant now = clock.instant();
            Record3<Integer, OffsetDateTime, OffsetDateTime> d = db.select(
                            DSL.count(), DSL.min(D_CREATED), DSL.min(D_NEXT_ATTEMPT))
                    .from(DELIVERIES)
                    .join(HOOKS)
                    .on(W_ORG.eq(D_ORG), W_ID.eq(D_WEBHOOK))
                    .where(D_STATUS.in("pending", "retrying"))
                    .and(W_ENABLED)
                    .fetchSingle();
            Record3<Integer, OffsetDateTime, OffsetDateTime> e = db.select(
                            DSL.count(), DSL.min(E_CREATED), DSL.min(E_CREATED))
                    .from(EVENTS)
                    .where(DSL.not(E_DISPATCHED))
                    .fetchSingle();
            return new Backlogs(
                    Backlog.of(d.value1(), instant(d.value2()), instant(d.value3()), now),
                    Backlog.of(e.value1(), instant(e.value2()), instant(e.value3()), now));
        } catch (RuntimeException ex) {
            // kept for FRESH like a good read: with the database down a scrape does not wait on it each time
            log.warn("webhook backlog not read: {}", ex.toString());
            return new Backlogs(Backlog.UNKNOWN, Backlog.UNKNOWN);
        }
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
