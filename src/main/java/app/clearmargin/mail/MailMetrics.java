package app.clearmargin.mail;

import static app.clearmargin.mail.MailTable.*;

import app.clearmargin.shared.Backlog;
import app.clearmargin.shared.ShortLivedCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.ToDoubleFunction;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The mail outbox as an operator watches it: the messages waiting to be sent (read from the database at
 * most every {@link #FRESH}, one aggregate query on the partial index of pending rows; NaN when it could
 * not be read) and every attempt by result.
 */
@Component
class MailMetrics {

    private static final Logger log = LoggerFactory.getLogger(MailMetrics.class);
    static final Duration FRESH = Duration.ofSeconds(5);

    private final DSLContext db;
    private final Clock clock;
    private final ShortLivedCache<Boolean, Backlog> backlog = new ShortLivedCache<>(FRESH, 1);
    private final Counter sent;
    private final Counter retrying;
    private final Counter failed;

    MailMetrics(DSLContext db, Clock clock, MeterRegistry registry) {
        this.db = db;
        this.clock = clock;
        gauge(registry, "clearmargin.mail.backlog.messages", null, "Messages waiting to be sent", Backlog::size);
        gauge(
                registry,
                "clearmargin.mail.backlog.oldest.age",
                "seconds",
                "Age of the oldest message waiting to be sent",
                Backlog::oldestAgeSeconds);
        gauge(
                registry,
                "clearmargin.mail.backlog.overdue",
                "seconds",
                "How long the earliest due message has been due (0: none is due yet)",
                Backlog::overdueSeconds);
        this.sent = attempts(registry, "sent");
        this.retrying = attempts(registry, "retrying");
        this.failed = attempts(registry, "failed");
    }

    void sent() {
        sent.increment();
    }

    /** A failed attempt: tried again later, or given up after the last one. */
    void notSent(boolean givenUp) {
        (givenUp ? failed : retrying).increment();
    }

    private static Counter attempts(MeterRegistry registry, String result) {
        return Counter.builder("clearmargin.mail.attempts")
                .description("Mail sending attempts, by result")
                .tag("result", result)
                .register(registry);
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            @Nullable String unit,
            String description,
            ToDoubleFunction<Backlog> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.backlog()))
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private Backlog backlog() {
        return backlog.get(true, k -> read());
    }

    private Backlog read() {
        try {
            Instant now = clock.instant();
            Record3<Integer, OffsetDateTime, OffsetDateTime> r = db.select(
                            DSL.count(), DSL.min(CREATED_AT), DSL.min(NEXT_ATTEMPT_AT))
                    .from(T)
                    .where(STATUS.eq("pending"))
                    .fetchSingle();
            return Backlog.of(r.value1(), instant(r.value2()), instant(r.value3()), now);
        } catch (RuntimeException e) {
            // kept for FRESH like a good read: with the database down a scrape does not wait on it each time
            log.warn("mail backlog not read: {}", e.toString());
            return Backlog.UNKNOWN;
        }
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
