package app.clearmargin.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps what API.md promises and no more: events and their deliveries 30 days (a delivery 30 days
 * after its last attempt, never while it is due), audit entries one year, sent mail 30 days.
 * Deletes in batches so a large backlog never holds long locks.
 */
@Component
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final Duration EVENTS = Duration.ofDays(30);
    static final Duration AUDIT = Duration.ofDays(366);
    private static final int BATCH = 5000;

    private final DSLContext db;
    private final Clock clock;

    Retention(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    void purge() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        OffsetDateTime monthAgo = now.minus(EVENTS);
        // a delivery still to be attempted is kept, and one redelivered lately is kept a month from
        // its last attempt: the log must show what was sent
        long n = purge(
                        "webhook_deliveries",
                        monthAgo,
                        DSL.field(DSL.name("status"), String.class)
                                .in("succeeded", "failed")
                                .and(DSL.coalesce(
                                                DSL.field(DSL.name("last_attempt_at"), OffsetDateTime.class),
                                                DSL.field(DSL.name("created_at"), OffsetDateTime.class))
                                        .lt(monthAgo)))
                + purge(
                        "events",
                        monthAgo,
                        DSL.field(DSL.name("dispatched"), Boolean.class).isTrue())
                + purge("audit_log", now.minus(AUDIT), DSL.noCondition())
                + purge(
                        "mail_outbox",
                        monthAgo,
                        DSL.field(DSL.name("status"), String.class).ne("pending"));
        if (n > 0) {
            log.info("retention purge removed {} rows", n);
        }
    }

    /** Deletes rows created before {@code before} (and matching {@code also}), a batch at a time. */
    private long purge(String table, OffsetDateTime before, Condition also) {
        // typed: a plain-SQL bind of the instant would be sent as text, which PostgreSQL cannot compare
        Table<?> t = DSL.table(DSL.name(table));
        Field<Object> ctid = DSL.field(DSL.name("ctid"));
        Field<OffsetDateTime> createdAt = DSL.field(DSL.name("created_at"), OffsetDateTime.class);
        long total = 0;
        while (true) {
            int n = db.deleteFrom(t)
                    .where(ctid.in(DSL.select(ctid)
                            .from(t)
                            .where(createdAt.lt(before))
                            .and(also)
                            .limit(BATCH)))
                    .execute();
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }
}
