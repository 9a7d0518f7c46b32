package app.clearmargin.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps what API.md promises and no more: events and their deliveries 30 days, audit entries one
 * year, sent mail 30 days. Deletes in batches so a large backlog never holds long locks.
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
        long n = purge("webhook_deliveries", "created_at", now.minus(EVENTS), "")
                + purge("events", "created_at", now.minus(EVENTS), " AND dispatched")
                + purge("audit_log", "created_at", now.minus(AUDIT), "")
                + purge("mail_outbox", "created_at", now.minus(EVENTS), " AND status <> 'pending'");
        if (n > 0) {
            log.info("retention purge removed {} rows", n);
        }
    }

    private long purge(String table, String column, OffsetDateTime before, String extra) {
        long total = 0;
        while (true) {
            // the cast: a plain-SQL bind of an OffsetDateTime reaches PostgreSQL as varchar ("timestamptz < varchar")
            int n = db.execute("DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + column
                    + " < CAST(? AS timestamptz)" + extra + " LIMIT " + BATCH + ")", DSL.val(before));
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }
}
