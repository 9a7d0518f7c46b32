package app.clearmargin.payments;

import app.clearmargin.tenancy.TenantScope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** The Stripe events of the bound organization that took effect (table {@code stripe_events}). */
@Component
class AppliedEvents {

    private static final Table<Record> EVENTS = DSL.table(DSL.name("stripe_events"));
    private static final org.jooq.Field<String> EVENT_ID = DSL.field(DSL.name("event_id"), String.class);
    private static final org.jooq.Field<String> TYPE = DSL.field(DSL.name("type"), String.class);
    private static final org.jooq.Field<OffsetDateTime> RECEIVED_AT =
            DSL.field(DSL.name("received_at"), OffsetDateTime.class);

    private final DSLContext db;

    AppliedEvents(DSLContext db) {
        this.db = db;
    }

    /** Whether the event already took effect (a cheap check before asking Stripe for anything). */
    boolean applied(String eventId) {
        return db.fetchExists(EVENTS, TenantScope.of(EVENTS).and(EVENT_ID.eq(eventId)));
    }

    /**
     * Claims the event for the caller's transaction: true when this transaction is the one applying it.
     * A concurrent claim of the same event waits for this transaction and then gets false.
     */
    boolean claim(String eventId, String type, Instant now) {
        return db.insertInto(EVENTS)
                        .set(TenantScope.column(EVENTS), TenantScope.organizationId())
                        .set(EVENT_ID, eventId)
                        .set(TYPE, type)
                        .set(RECEIVED_AT, now.atOffset(ZoneOffset.UTC))
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }
}
